package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, bound to one key. */
public final class AesGcm {
    public static final int NONCE_SIZE = 12;
    public static final int TAG_SIZE = 16;

    private final KeyParameter key;
    private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());

    public AesGcm(byte[] key) {
        if (key.length != 16 && key.length != 32) throw new IllegalArgumentException("AES-GCM key must be 16 or 32 bytes");
        this.key = new KeyParameter(key);
    }

    /** Encrypts in[inOff, +len) to out[outOff] as ciphertext ‖ tag; returns len + 16. */
    public int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff) {
        gcm.init(true, new AEADParameters(key, TAG_SIZE * 8, nonce));
        gcm.processAADBytes(aad, aadOff, aadLen);
        int n = gcm.processBytes(in, inOff, len, out, outOff);
        try {
            return n + gcm.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e); // cannot happen when encrypting
        }
    }

    /** Decrypts ciphertext ‖ tag (len includes the tag) into out; returns the plaintext length. */
    public int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff) throws CryptoException {
        if (len < TAG_SIZE) throw new CryptoException("ciphertext shorter than the tag");
        gcm.init(false, new AEADParameters(key, TAG_SIZE * 8, nonce));
        gcm.processAADBytes(aad, aadOff, aadLen);
        int n = gcm.processBytes(in, inOff, len, out, outOff);
        try {
            return n + gcm.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoException("AES-GCM authentication failed");
        }
    }
}
