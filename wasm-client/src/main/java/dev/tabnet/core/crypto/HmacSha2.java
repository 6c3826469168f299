package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** HMAC-SHA-256 / HMAC-SHA-512 (RFC 2104, RFC 4231) bound to one key; reusable after each doFinal. */
public final class HmacSha2 {
    private final HMac mac;

    private HmacSha2(HMac mac, byte[] key) {
        this.mac = mac;
        mac.init(new KeyParameter(key));
    }

    public static HmacSha2 sha256(byte[] key) {
        return new HmacSha2(new HMac(new SHA256Digest()), key);
    }

    public static HmacSha2 sha512(byte[] key) {
        return new HmacSha2(new HMac(new SHA512Digest()), key);
    }

    public int length() {
        return mac.getMacSize();
    }

    public HmacSha2 update(byte[] b, int off, int len) {
        mac.update(b, off, len);
        return this;
    }

    /** Writes the tag at out[off] and resets the state for the next message (same key). */
    public void doFinal(byte[] out, int off) {
        mac.doFinal(out, off);
    }

    public byte[] doFinal() {
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
