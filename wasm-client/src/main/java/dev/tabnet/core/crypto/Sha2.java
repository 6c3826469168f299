package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/** SHA-256 and SHA-512 (FIPS 180-4), one-shot and incremental. */
public final class Sha2 {
    private final Digest digest;

    private Sha2(Digest digest) {
        this.digest = digest;
    }

    public static Sha2 sha256() {
        return new Sha2(new SHA256Digest());
    }

    public static Sha2 sha512() {
        return new Sha2(new SHA512Digest());
    }

    public int length() {
        return digest.getDigestSize();
    }

    public Sha2 update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        return this;
    }

    public Sha2 update(byte[] b) {
        return update(b, 0, b.length);
    }

    /** Returns the digest and resets for reuse. */
    public byte[] digest() {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    public static byte[] sha256(byte[] data) {
        return sha256().update(data).digest();
    }

    public static byte[] sha512(byte[] data) {
        return sha512().update(data).digest();
    }
}
