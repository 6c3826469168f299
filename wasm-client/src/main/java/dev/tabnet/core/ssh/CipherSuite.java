package dev.tabnet.core.ssh;

/** Builds the PacketCipher for one direction from negotiated names and derived keys (RFC 4253 §7.2). */
final class CipherSuite {
    private CipherSuite() {}

    static int keyLength(String cipher) {
        switch (cipher) {
            case SshAlgorithms.CHACHA20_POLY1305: return 64;
            case SshAlgorithms.AES128_GCM:
            case SshAlgorithms.AES128_CTR: return 16;
            case SshAlgorithms.AES256_GCM:
            case SshAlgorithms.AES256_CTR: return 32;
            default: throw new IllegalArgumentException(cipher);
        }
    }

    static int ivLength(String cipher) {
        switch (cipher) {
            case SshAlgorithms.CHACHA20_POLY1305: return 0;
            case SshAlgorithms.AES128_GCM:
            case SshAlgorithms.AES256_GCM: return 12;
            default: return 16;
        }
    }

    static int macKeyLength(String mac) {
        return mac == null ? 0 : 32;
    }

    /** letters: IV, key, MAC key for this direction ('A','C','E' client→server; 'B','D','F' server→client). */
    static PacketCipher create(String cipher, String mac, byte[] k, byte[] h, byte[] sessionId, char ivLetter, char keyLetter, char macLetter) {
        byte[] iv = Curve25519Kex.deriveKey(k, h, ivLetter, sessionId, ivLength(cipher));
        byte[] key = Curve25519Kex.deriveKey(k, h, keyLetter, sessionId, keyLength(cipher));
        switch (cipher) {
            case SshAlgorithms.CHACHA20_POLY1305:
                return new ChaChaPolyCipher(key);
            case SshAlgorithms.AES128_GCM:
            case SshAlgorithms.AES256_GCM:
                return new AesGcmCipher(key, iv);
            default: {
                byte[] macKey = Curve25519Kex.deriveKey(k, h, macLetter, sessionId, macKeyLength(mac));
                return new AesCtrHmacCipher(key, iv, macKey, mac.equals(SshAlgorithms.HMAC_SHA2_256_ETM));
            }
        }
    }
}
