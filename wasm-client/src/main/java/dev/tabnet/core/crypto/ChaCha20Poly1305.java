package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * ChaCha20-Poly1305 AEAD (RFC 8439) bound to one 32-byte key. Output is ciphertext ‖ 16-byte tag.
 * One instance per key and direction; not for concurrent use (the core is single-threaded).
 */
public final class ChaCha20Poly1305 {
    public static final int KEY_SIZE = 32;
    public static final int NONCE_SIZE = 12;
    public static final int TAG_SIZE = 16;

    private static final byte[] ZERO_PADDING = new byte[15];

    private final KeyParameter key;
    private final org.bouncycastle.crypto.modes.ChaCha20Poly1305 aead = new org.bouncycastle.crypto.modes.ChaCha20Poly1305();

    public ChaCha20Poly1305(byte[] key) {
        if (key.length != KEY_SIZE) throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
        this.key = new KeyParameter(key);
    }

    /** Encrypts in[inOff, inOff+len) into out at outOff; returns bytes written (len + 16). */
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        return sealInto(nonce, aad, in, inOff, len, 0, out, outOff);
    }

    /**
     * Encrypts in[inOff, inOff+len) followed by padding zero bytes (WireGuard pads its plaintext to
     * a multiple of 16) into out at outOff; returns bytes written (len + padding + 16). in and out
     * should not overlap: BouncyCastle copies overlapping input first, which this exists to avoid.
     */
    public int sealPadded(byte[] nonce, byte[] in, int inOff, int len, int padding, byte[] out, int outOff) {
        if (padding < 0 || padding > ZERO_PADDING.length) throw new IllegalArgumentException("padding must be 0.." + ZERO_PADDING.length);
        return sealInto(nonce, null, in, inOff, len, padding, out, outOff);
    }

    private int sealInto(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, int padding, byte[] out, int outOff) {
        aead.init(true, new ParametersWithIV(key, nonce));
        if (aad != null && aad.length > 0) aead.processAADBytes(aad, 0, aad.length);
        int n = aead.processBytes(in, inOff, len, out, outOff);
        if (padding > 0) n += aead.processBytes(ZERO_PADDING, 0, padding, out, outOff + n);
        try {
            return n + aead.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e); // cannot happen when encrypting
        }
    }

    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_SIZE];
        seal(nonce, aad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Decrypts and authenticates in[inOff, inOff+len) (ciphertext ‖ tag) into out at outOff.
     * Returns the plaintext length. On a bad tag nothing usable is left in out.
     */
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) throws CryptoException {
        if (len < TAG_SIZE) throw new CryptoException("ciphertext shorter than the tag");
        aead.init(false, new ParametersWithIV(key, nonce));
        if (aad != null && aad.length > 0) aead.processAADBytes(aad, 0, aad.length);
        int n = aead.processBytes(in, inOff, len, out, outOff);
        try {
            return n + aead.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("ChaCha20-Poly1305 authentication failed");
        }
    }

    public byte[] open(byte[] nonce, byte[] aad, byte[] ciphertext) throws CryptoException {
        if (ciphertext.length < TAG_SIZE) throw new CryptoException("ciphertext shorter than the tag");
        byte[] out = new byte[ciphertext.length - TAG_SIZE];
        open(nonce, aad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /** 4 zero bytes ‖ 64-bit little-endian counter (WireGuard, Noise spec). */
    public static byte[] nonceLittleEndian(long counter) {
        byte[] n = new byte[NONCE_SIZE];
        for (int i = 0; i < 8; i++) n[4 + i] = (byte) (counter >>> (8 * i));
        return n;
    }

    /** 4 zero bytes ‖ 64-bit big-endian counter (Tailscale's ts2021 records deviate from Noise here). */
    public static byte[] nonceBigEndian(long counter) {
        byte[] n = new byte[NONCE_SIZE];
        for (int i = 0; i < 8; i++) n[11 - i] = (byte) (counter >>> (8 * i));
        return n;
    }
}
