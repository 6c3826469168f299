package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.Blake2s;

/** The Noise/WireGuard symmetric helpers: HASH, MAC (keyed BLAKE2s-128), HMAC and KDF1..3 (HMAC-BLAKE2s). */
final class Kdf {
    private Kdf() {}

    static final int MAC_SIZE = 16;
    private static final byte[] ONE = {1};

    static byte[] hash(byte[]... parts) {
        return Blake2s.hash(parts);
    }

    static byte[] mac(byte[] key, byte[] data, int off, int len) {
        return Blake2s.mac(key, MAC_SIZE, data, off, len);
    }

    static byte[] kdf1(byte[] key, byte[] input) {
        byte[] prk = Blake2s.hmac(key, input);
        byte[] t1 = Blake2s.hmac(prk, ONE);
        java.util.Arrays.fill(prk, (byte) 0);
        return t1;
    }

    static byte[][] kdf2(byte[] key, byte[] input) {
        byte[] prk = Blake2s.hmac(key, input);
        byte[] t1 = Blake2s.hmac(prk, ONE);
        byte[] t2 = Blake2s.hmac(prk, t1, new byte[] {2});
        java.util.Arrays.fill(prk, (byte) 0);
        return new byte[][] {t1, t2};
    }

    static byte[][] kdf3(byte[] key, byte[] input) {
        byte[] prk = Blake2s.hmac(key, input);
        byte[] t1 = Blake2s.hmac(prk, ONE);
        byte[] t2 = Blake2s.hmac(prk, t1, new byte[] {2});
        byte[] t3 = Blake2s.hmac(prk, t2, new byte[] {3});
        java.util.Arrays.fill(prk, (byte) 0);
        return new byte[][] {t1, t2, t3};
    }
}
