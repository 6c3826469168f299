package dev.tabnet.core.crypto;

import dev.tabnet.core.util.Bytes;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The chacha20-poly1305@openssh.com packet construction (OpenSSH PROTOCOL.chacha20poly1305): the
 * 64-byte key splits into K_2 (first 32 bytes, payload) and K_1 (last 32 bytes, length field). Both
 * use the original ChaCha20 with a 64-bit nonce = the packet sequence number (big-endian). The
 * Poly1305 key is the first 32 bytes of K_2's block 0; the payload is encrypted from block 1; the
 * tag covers the encrypted length and the encrypted payload. This is not RFC 8439's AEAD.
 */
public final class OpenSshChaChaPoly {
    public static final int KEY_SIZE = 64;
    public static final int TAG_SIZE = 16;

    private final KeyParameter mainKey;
    private final KeyParameter headerKey;
    private final ChaChaEngine main = new ChaChaEngine();
    private final ChaChaEngine header = new ChaChaEngine();
    private final Poly1305 poly = new Poly1305();
    private final byte[] nonce = new byte[8];
    private final byte[] block0 = new byte[64];
    private final byte[] zeros = new byte[64];

    public OpenSshChaChaPoly(byte[] key) {
        if (key.length != KEY_SIZE) throw new IllegalArgumentException("chacha20-poly1305@openssh.com key must be 64 bytes");
        mainKey = new KeyParameter(Bytes.slice(key, 0, 32));
        headerKey = new KeyParameter(Bytes.slice(key, 32, 32));
    }

    /** Decrypts the 4-byte length field at in[off] for packet seq, without authenticating it. */
    public int decryptLength(long seq, byte[] in, int off) {
        Bytes.put64be(nonce, 0, seq);
        header.init(false, new ParametersWithIV(headerKey, nonce));
        byte[] len = new byte[4];
        header.processBytes(in, off, 4, len, 0);
        return Bytes.i32be(len, 0);
    }

    /**
     * Encrypts the plain packet in[off, +len) (4-byte length ‖ rest) into out[outOff] and appends
     * the tag; writes len + 16 bytes.
     */
    public void seal(long seq, byte[] in, int off, int len, byte[] out, int outOff) {
        Bytes.put64be(nonce, 0, seq);
        header.init(true, new ParametersWithIV(headerKey, nonce));
        header.processBytes(in, off, 4, out, outOff);
        startMain(true);
        main.processBytes(in, off + 4, len - 4, out, outOff + 4);
        poly.update(out, outOff, len);
        poly.doFinal(out, outOff + len);
    }

    /**
     * Authenticates and decrypts the sealed packet in[off, +len) (len includes the tag) into out;
     * writes len - 16 bytes (length field ‖ rest, in the clear).
     */
    public void open(long seq, byte[] in, int off, int len, byte[] out, int outOff) throws CryptoException {
        if (len < 4 + TAG_SIZE) throw new CryptoException("sealed packet too short");
        Bytes.put64be(nonce, 0, seq);
        startMain(false);
        int body = len - TAG_SIZE;
        poly.update(in, off, body);
        byte[] tag = new byte[TAG_SIZE];
        poly.doFinal(tag, 0);
        if (!Bytes.constantTimeEquals(tag, 0, in, off + body, TAG_SIZE)) throw new CryptoException("chacha20-poly1305 MAC mismatch");
        header.init(false, new ParametersWithIV(headerKey, nonce));
        header.processBytes(in, off, 4, out, outOff);
        main.processBytes(in, off + 4, body - 4, out, outOff + 4);
    }

    /** Keys Poly1305 from block 0 of the main stream and leaves the stream at block 1. */
    private void startMain(boolean forEncryption) {
        main.init(forEncryption, new ParametersWithIV(mainKey, nonce));
        main.processBytes(zeros, 0, 64, block0, 0);
        poly.init(new KeyParameter(Bytes.slice(block0, 0, 32)));
    }
}
