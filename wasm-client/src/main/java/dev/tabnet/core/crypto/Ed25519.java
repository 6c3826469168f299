package dev.tabnet.core.crypto;

import dev.tabnet.core.Entropy;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Ed25519 signatures (RFC 8032). Goes through Ed25519PrivateKeyParameters.sign and
 * Ed25519PublicKeyParameters.verify directly: BC's Ed25519Signer crashes the TeaVM 0.15 Wasm-GC
 * code generator (toolchain.md §1).
 */
public final class Ed25519 {
    public static final int SEED_SIZE = 32;
    public static final int PUBLIC_KEY_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;

    private Ed25519() {}

    /** A fresh 32-byte private seed. */
    public static byte[] generateSeed(Entropy entropy) {
        return entropy.bytes(SEED_SIZE);
    }

    public static byte[] publicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        byte[] sig = new byte[SIGNATURE_SIZE];
        new Ed25519PrivateKeyParameters(seed, 0).sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
        return sig;
    }

    /** False for a wrong signature or a malformed key/signature (never throws on bad input). */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_SIZE || signature.length != SIGNATURE_SIZE) return false;
        try {
            return new Ed25519PublicKeyParameters(publicKey, 0)
                    .verify(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        } catch (RuntimeException e) { // BC rejects non-canonical points with IllegalArgumentException
            return false;
        }
    }
}
