package dev.tabnet.core.crypto;

import dev.tabnet.core.Entropy;

/** Curve25519 Diffie-Hellman (RFC 7748). Keys are 32-byte arrays. */
public final class X25519 {
    public static final int KEY_SIZE = 32;

    private X25519() {}

    /** A new private key, clamped as RFC 7748 §5 describes (also valid for NaCl box, as Tailscale needs). */
    public static byte[] generatePrivateKey(Entropy entropy) {
        byte[] k = entropy.bytes(KEY_SIZE);
        clamp(k);
        return k;
    }

    public static void clamp(byte[] k) {
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
    }

    public static byte[] publicKey(byte[] privateKey) {
        byte[] pub = new byte[KEY_SIZE];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(privateKey, 0, pub, 0);
        return pub;
    }

    /** X25519(priv, pub). Rejects peer keys that give the all-zero output (low-order points). */
    public static byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) throws CryptoException {
        if (peerPublicKey.length != KEY_SIZE) throw new CryptoException("X25519 public key must be 32 bytes");
        byte[] out = new byte[KEY_SIZE];
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, out, 0)) {
            throw new CryptoException("X25519 produced the all-zero shared secret");
        }
        return out;
    }

    /**
     * Whether u is the one encoding of its point: below p = 2^255 - 19, so the top bit is clear.
     * X25519 ignores the top bit and reduces mod p (RFC 7748 §5), so up to two encodings give the
     * same shared secret; a key that also names its sender must be canonical, as real keys are.
     */
    public static boolean isCanonical(byte[] u) {
        if (u.length != KEY_SIZE || (u[31] & 0xff) > 0x7f) return false;
        if ((u[31] & 0xff) < 0x7f) return true;
        for (int i = 30; i >= 1; i--) if ((u[i] & 0xff) != 0xff) return true;
        return (u[0] & 0xff) < 0xed; // 2^255 - 19 = 0x7fff...ffed, little-endian
    }

    /** Raw scalar multiplication without the all-zero check (for RFC 7748 §5.2 vectors). */
    public static byte[] scalarMult(byte[] scalar, byte[] u) {
        byte[] out = new byte[KEY_SIZE];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(scalar, 0, u, 0, out, 0);
        return out;
    }
}
