package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** BLAKE2s (RFC 7693): plain 256-bit hash, keyed MAC with chosen output size, and HMAC-BLAKE2s. */
public final class Blake2s {
    public static final int HASH_SIZE = 32;

    private Blake2s() {}

    public static byte[] hash(byte[]... parts) {
        Blake2sDigest d = new Blake2sDigest(256);
        for (byte[] p : parts) d.update(p, 0, p.length);
        byte[] out = new byte[HASH_SIZE];
        d.doFinal(out, 0);
        return out;
    }

    /** Keyed BLAKE2s with an outLen-byte digest (WireGuard's MAC uses 16). */
    public static byte[] mac(byte[] key, int outLen, byte[] data, int off, int len) {
        Blake2sDigest d = new Blake2sDigest(key, outLen, null, null);
        d.update(data, off, len);
        byte[] out = new byte[outLen];
        d.doFinal(out, 0);
        return out;
    }

    /** HMAC (RFC 2104) over BLAKE2s-256, block size 64: the Noise/WireGuard HMAC. */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        HMac h = new HMac(new Blake2sDigest(256));
        h.init(new KeyParameter(key));
        for (byte[] p : parts) h.update(p, 0, p.length);
        byte[] out = new byte[HASH_SIZE];
        h.doFinal(out, 0);
        return out;
    }
}
