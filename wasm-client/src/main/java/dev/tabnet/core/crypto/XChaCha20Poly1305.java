package dev.tabnet.core.crypto;

/** XChaCha20-Poly1305 (24-byte nonce), used by WireGuard's cookie reply. */
public final class XChaCha20Poly1305 {
    public static final int NONCE_SIZE = 24;

    private XChaCha20Poly1305() {}

    public static byte[] seal(byte[] key, byte[] nonce24, byte[] aad, byte[] plaintext) {
        return new ChaCha20Poly1305(subKey(key, nonce24)).seal(subNonce(nonce24), aad, plaintext);
    }

    public static byte[] open(byte[] key, byte[] nonce24, byte[] aad, byte[] ciphertext) throws CryptoException {
        return new ChaCha20Poly1305(subKey(key, nonce24)).open(subNonce(nonce24), aad, ciphertext);
    }

    private static byte[] subKey(byte[] key, byte[] nonce24) {
        if (nonce24.length != NONCE_SIZE) throw new IllegalArgumentException("XChaCha20 nonce must be 24 bytes");
        byte[] first16 = new byte[16];
        System.arraycopy(nonce24, 0, first16, 0, 16);
        return ChaChaCore.hchacha20(key, first16);
    }

    private static byte[] subNonce(byte[] nonce24) {
        byte[] n = new byte[12];
        System.arraycopy(nonce24, 16, n, 4, 8);
        return n;
    }
}
