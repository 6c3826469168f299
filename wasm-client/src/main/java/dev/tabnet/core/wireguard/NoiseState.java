package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import java.nio.charset.StandardCharsets;

/**
 * The Noise symmetric state of one handshake: chaining key C and transcript hash H. Handshake AEADs
 * always use nonce 0 because every key is used once.
 */
final class NoiseState {
    static final byte[] ZERO_NONCE = new byte[ChaCha20Poly1305.NONCE_SIZE];

    byte[] chainingKey;
    byte[] hash;

    NoiseState(byte[] chainingKey, byte[] hash) {
        this.chainingKey = chainingKey.clone();
        this.hash = hash.clone();
    }

    /**
     * Noise initialisation for a protocol name longer than 32 bytes (h = ck = HASH(name)) followed by
     * MixHash(prologue). WireGuard's Ci and Hi are exactly this with prologue = the identifier.
     */
    static NoiseState initial(String protocolName, byte[] prologue) {
        byte[] ck = Kdf.hash(protocolName.getBytes(StandardCharsets.US_ASCII));
        return new NoiseState(ck, Kdf.hash(ck, prologue));
    }

    void mixHash(byte[] data) {
        hash = Kdf.hash(hash, data);
    }

    void mixHash(byte[] data, int off, int len) {
        byte[] part = new byte[len];
        System.arraycopy(data, off, part, 0, len);
        mixHash(part);
    }

    /** C = KDF1(C, input): WireGuard mixes the ephemeral keys into C this way (the psk-mode "e" token). */
    void mixChain(byte[] input) {
        chainingKey = Kdf.kdf1(chainingKey, input);
    }

    /** (C, k) = KDF2(C, input); returns k. */
    byte[] mixKey(byte[] input) {
        byte[][] t = Kdf.kdf2(chainingKey, input);
        chainingKey = t[0];
        return t[1];
    }

    /** (C, tau, k) = KDF3(C, psk); H = HASH(H || tau); returns k. */
    byte[] mixKeyAndHash(byte[] psk) {
        byte[][] t = Kdf.kdf3(chainingKey, psk);
        chainingKey = t[0];
        mixHash(t[1]);
        return t[2];
    }

    /** Writes AEAD(k, 0, plaintext, H) at out[off] and mixes it into H; returns bytes written. */
    int encryptAndHash(byte[] key, byte[] plaintext, byte[] out, int off) {
        int n = new ChaCha20Poly1305(key).seal(ZERO_NONCE, hash, plaintext, 0, plaintext.length, out, off);
        mixHash(out, off, n);
        return n;
    }

    byte[] decryptAndHash(byte[] key, byte[] in, int off, int len) throws CryptoException {
        byte[] plain = new byte[len - ChaCha20Poly1305.TAG_SIZE];
        new ChaCha20Poly1305(key).open(ZERO_NONCE, hash, in, off, len, plain, 0);
        mixHash(in, off, len);
        return plain;
    }

    /** Split: (T_initiator_send, T_responder_send) = KDF2(C, empty). */
    byte[][] split() {
        return Kdf.kdf2(chainingKey, new byte[0]);
    }

    void wipe() {
        java.util.Arrays.fill(chainingKey, (byte) 0);
        java.util.Arrays.fill(hash, (byte) 0);
    }
}
