package dev.tabnet.core.control.noise;

import dev.tabnet.core.crypto.Blake2s;
import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Noise SymmetricState for the BLAKE2s / ChaChaPoly suite (Noise spec §5.2): chaining key {@code ck},
 * transcript hash {@code h} and the current handshake key {@code k}. Handshake encryption uses the
 * key once per MixKey with nonce 0 — both Noise IK messages carry exactly one AEAD per key here, so
 * the general counter is not needed (and asserted).
 */
final class SymmetricState {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] ONE = {1};
    private static final byte[] TWO = {2};

    private byte[] ck;
    private byte[] h;
    private byte[] k; // null until the first MixKey (then EncryptAndHash really encrypts)
    private long n;

    /** InitializeSymmetric(name): names longer than HASHLEN are hashed, shorter ones zero-padded. */
    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        if (name.length <= Blake2s.HASH_SIZE) {
            h = new byte[Blake2s.HASH_SIZE];
            System.arraycopy(name, 0, h, 0, name.length);
        } else {
            h = Blake2s.hash(name);
        }
        ck = h.clone();
    }

    void mixHash(byte[] data) {
        h = Blake2s.hash(h, data);
    }

    /** MixKey(ikm): (ck, k) = HKDF(ck, ikm) with two outputs; the new k starts at nonce 0. */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf2(ck, inputKeyMaterial);
        Bytes.wipe(ck);
        ck = out[0];
        k = out[1];
        n = 0;
    }

    /** Writes ciphertext ‖ tag of plaintext (or the plaintext itself before any key) and hashes it. */
    byte[] encryptAndHash(byte[] plaintext) {
        byte[] out;
        if (k == null) {
            out = plaintext.clone();
        } else {
            out = new ChaCha20Poly1305(k).seal(nonce(), h, plaintext);
            n++;
        }
        mixHash(out);
        return out;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws CryptoException {
        byte[] out;
        if (k == null) {
            out = ciphertext.clone();
        } else {
            out = new ChaCha20Poly1305(k).open(nonce(), h, ciphertext);
            n++;
        }
        mixHash(ciphertext);
        return out;
    }

    private byte[] nonce() {
        // Handshake nonces follow the Noise spec (little-endian); with one AEAD per key it is always 0.
        return ChaCha20Poly1305.nonceLittleEndian(n);
    }

    /** Split(): (k1, k2) = HKDF(ck, empty); k1 encrypts initiator→responder, k2 the reverse. */
    byte[][] split() {
        return hkdf2(ck, EMPTY);
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    void wipe() {
        Bytes.wipe(ck);
        Bytes.wipe(k);
    }

    /** HKDF with HMAC-BLAKE2s (Noise §4.3), two 32-byte outputs. */
    static byte[][] hkdf2(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = Blake2s.hmac(chainingKey, inputKeyMaterial);
        byte[] out1 = Blake2s.hmac(tempKey, ONE);
        byte[] out2 = Blake2s.hmac(tempKey, out1, TWO);
        Bytes.wipe(tempKey);
        return new byte[][] {out1, out2};
    }
}
