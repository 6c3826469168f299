package dev.tabnet.core.crypto;

import dev.tabnet.core.util.Bytes;
import java.math.BigInteger;

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) with SHA-256 or SHA-512, as rsa-sha2-256 and
 * rsa-sha2-512 (RFC 8332) use it. Re-encodes the expected EMSA-PKCS1-v1_5 block and compares it
 * whole, so no ASN.1 parser is involved.
 */
public final class RsaPkcs1 {
    // DigestInfo prefixes from RFC 8017 §9.2, note 1.
    private static final byte[] SHA256_PREFIX = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    private static final byte[] SHA512_PREFIX = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    public static final int MIN_MODULUS_BITS = 1024;

    private RsaPkcs1() {}

    public static boolean verifySha256(BigInteger n, BigInteger e, byte[] message, byte[] signature) {
        return verify(n, e, SHA256_PREFIX, Sha2.sha256(message), signature);
    }

    public static boolean verifySha512(BigInteger n, BigInteger e, byte[] message, byte[] signature) {
        return verify(n, e, SHA512_PREFIX, Sha2.sha512(message), signature);
    }

    private static boolean verify(BigInteger n, BigInteger e, byte[] prefix, byte[] hash, byte[] signature) {
        if (n.signum() <= 0 || e.signum() <= 0 || n.bitLength() < MIN_MODULUS_BITS) return false;
        int k = (n.bitLength() + 7) / 8;
        if (signature.length > k) return false;
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(n) >= 0) return false;
        byte[] em = toFixed(s.modPow(e, n), k);
        int tLen = prefix.length + hash.length;
        if (k < tLen + 11) return false;
        byte[] expected = new byte[k];
        expected[1] = 0x01;
        for (int i = 2; i < k - tLen - 1; i++) expected[i] = (byte) 0xff;
        System.arraycopy(prefix, 0, expected, k - tLen, prefix.length);
        System.arraycopy(hash, 0, expected, k - hash.length, hash.length);
        return Bytes.constantTimeEquals(em, expected);
    }

    private static byte[] toFixed(BigInteger v, int k) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[k];
        int copy = Math.min(raw.length, k);
        System.arraycopy(raw, raw.length - copy, out, k - copy, copy);
        return out;
    }
}
