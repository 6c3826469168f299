package dev.tabnet.core.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * AES in counter mode (NIST SP 800-38A) with a 128-bit big-endian counter, as a keystream that
 * continues across calls (SSH's aes*-ctr, RFC 4344, keeps one stream per direction).
 */
public final class AesCtr {
    private final SICBlockCipher ctr = new SICBlockCipher(AESEngine.newInstance());

    public AesCtr(byte[] key, byte[] iv16) {
        if (key.length != 16 && key.length != 24 && key.length != 32) throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes");
        if (iv16.length != 16) throw new IllegalArgumentException("AES-CTR counter block must be 16 bytes");
        ctr.init(true, new ParametersWithIV(new KeyParameter(key), iv16));
    }

    /** XORs the next len keystream bytes over in into out (in and out may be the same array). */
    public void process(byte[] in, int inOff, int len, byte[] out, int outOff) {
        ctr.processBytes(in, inOff, len, out, outOff);
    }
}
