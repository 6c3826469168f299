package dev.tabnet.core.control.noise;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;

/**
 * One direction of the transport phase: a key and a 64-bit message counter. The counter is encoded
 * big-endian for ts2021 ({@code controlbase/conn.go}) — a deliberate deviation from the Noise spec,
 * whose little-endian form the generic vector test also exercises. Counter 2^64−1 is never used:
 * reaching it kills the direction ({@code invalidNonce} in controlbase).
 */
public final class CipherState {
    /** Which 8-byte counter encoding follows the 4 zero bytes of the 12-byte nonce. */
    public enum NonceEncoding { BIG_ENDIAN, LITTLE_ENDIAN }

    static final long INVALID_NONCE = -1L; // 2^64 − 1 as an unsigned counter

    private final ChaCha20Poly1305 aead;
    private final NonceEncoding encoding;
    private long counter;

    CipherState(byte[] key, NonceEncoding encoding) {
        this.aead = new ChaCha20Poly1305(key);
        this.encoding = encoding;
        Bytes.wipe(key);
    }

    public boolean exhausted() {
        return counter == INVALID_NONCE;
    }

    /** The counter the next message will use (unsigned). */
    public long counter() {
        return counter;
    }

    /** For tests of the exhaustion rule: jump the counter forward. */
    void setCounterForTest(long value) {
        counter = value;
    }

    /** Encrypts in[off, off+len) into out at outOff (len + 16 bytes); the caller checked exhausted(). */
    int seal(byte[] in, int off, int len, byte[] out, int outOff) {
        int n = aead.seal(nonce(), null, in, off, len, out, outOff);
        counter++;
        return n;
    }

    /**
     * Decrypts and authenticates; the counter advances even on failure (the connection is dead
     * anyway, as in controlbase, so a replayed or reordered record can never be accepted later).
     */
    int open(byte[] in, int off, int len, byte[] out, int outOff) throws CryptoException {
        byte[] nonce = nonce();
        counter++;
        return aead.open(nonce, null, in, off, len, out, outOff);
    }

    public byte[] encrypt(byte[] plaintext) throws CryptoException {
        if (exhausted()) throw new CryptoException("cipher exhausted, no more nonces available for this key");
        byte[] out = new byte[plaintext.length + ChaCha20Poly1305.TAG_SIZE];
        seal(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    public byte[] decrypt(byte[] ciphertext) throws CryptoException {
        if (exhausted()) throw new CryptoException("cipher exhausted, no more nonces available for this key");
        if (ciphertext.length < ChaCha20Poly1305.TAG_SIZE) throw new CryptoException("ciphertext shorter than the tag");
        byte[] out = new byte[ciphertext.length - ChaCha20Poly1305.TAG_SIZE];
        open(ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    private byte[] nonce() {
        return encoding == NonceEncoding.BIG_ENDIAN
                ? ChaCha20Poly1305.nonceBigEndian(counter)
                : ChaCha20Poly1305.nonceLittleEndian(counter);
    }
}
