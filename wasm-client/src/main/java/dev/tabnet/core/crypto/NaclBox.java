package dev.tabnet.core.crypto;

import dev.tabnet.core.util.Bytes;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl crypto_box (Curve25519-XSalsa20-Poly1305) in Go's x/crypto/nacl/box layout:
 * output = Poly1305 tag (16) ‖ ciphertext, no zero padding. Used by DERP ClientInfo/ServerInfo
 * (node keys) and disco (disco keys).
 */
public final class NaclBox {
    public static final int NONCE_SIZE = 24;
    public static final int OVERHEAD = 16;

    private NaclBox() {}

    /** The box's shared key: HSalsa20(X25519(priv, peerPub), 0^16) (crypto_box_beforenm). */
    public static byte[] precompute(byte[] privateKey, byte[] peerPublicKey) throws CryptoException {
        return ChaChaCore.hsalsa20(X25519.sharedSecret(privateKey, peerPublicKey), new byte[16]);
    }

    public static byte[] seal(byte[] sharedKey, byte[] nonce, byte[] message) {
        XSalsa20Engine stream = stream(sharedKey, nonce);
        byte[] polyKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, polyKey, 0);
        byte[] out = new byte[OVERHEAD + message.length];
        stream.processBytes(message, 0, message.length, out, OVERHEAD);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(out, OVERHEAD, message.length);
        mac.doFinal(out, 0);
        return out;
    }

    public static byte[] open(byte[] sharedKey, byte[] nonce, byte[] box, int off, int len) throws CryptoException {
        if (len < OVERHEAD) throw new CryptoException("NaCl box shorter than its tag");
        XSalsa20Engine stream = stream(sharedKey, nonce);
        byte[] polyKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, polyKey, 0);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(polyKey));
        mac.update(box, off + OVERHEAD, len - OVERHEAD);
        byte[] tag = new byte[16];
        mac.doFinal(tag, 0);
        if (!Bytes.constantTimeEquals(tag, 0, box, off, OVERHEAD)) throw new CryptoException("NaCl box authentication failed");
        byte[] out = new byte[len - OVERHEAD];
        stream.processBytes(box, off + OVERHEAD, out.length, out, 0);
        return out;
    }

    public static byte[] open(byte[] sharedKey, byte[] nonce, byte[] box) throws CryptoException {
        return open(sharedKey, nonce, box, 0, box.length);
    }

    private static XSalsa20Engine stream(byte[] key, byte[] nonce) {
        if (nonce.length != NONCE_SIZE) throw new IllegalArgumentException("NaCl nonce must be 24 bytes");
        XSalsa20Engine e = new XSalsa20Engine();
        e.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return e;
    }
}
