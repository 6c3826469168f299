package dev.tabnet.core.disco;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;
import java.util.HashMap;
import java.util.Map;

/**
 * The disco wrapper: magic ‖ sender disco key ‖ nonce ‖ NaCl box (tag ‖ ciphertext) between the two
 * nodes' disco keys. Shared keys are cached per peer disco key.
 */
public final class DiscoBox {
    private static final int MAX_CACHED = 1024;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final Map<String, byte[]> shared = new HashMap<>();

    public DiscoBox(byte[] discoPrivateKey) {
        this.privateKey = discoPrivateKey.clone();
        this.publicKey = X25519.publicKey(discoPrivateKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** An opened disco packet. */
    public static final class Opened {
        public final byte[] senderDiscoKey;
        public final byte[] plaintext;

        Opened(byte[] senderDiscoKey, byte[] plaintext) {
            this.senderDiscoKey = senderDiscoKey;
            this.plaintext = plaintext;
        }
    }

    public byte[] seal(byte[] peerDiscoKey, byte[] plaintext, Entropy entropy) throws CryptoException {
        byte[] nonce = entropy.bytes(DiscoConstants.NONCE_LEN);
        byte[] box = NaclBox.seal(sharedKey(peerDiscoKey), nonce, plaintext);
        return Bytes.concat(DiscoConstants.MAGIC, publicKey, nonce, box);
    }

    public Opened open(byte[] packet) throws DiscoException {
        if (!DiscoConstants.looksLikeDiscoWrapper(packet)) throw new DiscoException("not a disco packet");
        byte[] sender = Bytes.slice(packet, DiscoConstants.MAGIC.length, DiscoConstants.KEY_LEN);
        // The sender key is the peer's identity: with its top bit flipped the box would still open.
        if (!X25519.isCanonical(sender)) throw new DiscoException("disco sender key is not a canonical X25519 key");
        byte[] nonce = Bytes.slice(packet, DiscoConstants.MAGIC.length + DiscoConstants.KEY_LEN, DiscoConstants.NONCE_LEN);
        try {
            byte[] pt = NaclBox.open(sharedKey(sender), nonce, packet, DiscoConstants.WRAPPER_HEADER_LEN,
                    packet.length - DiscoConstants.WRAPPER_HEADER_LEN);
            return new Opened(sender, pt);
        } catch (CryptoException e) {
            throw new DiscoException("disco box from " + dev.tabnet.core.util.Hex.encode(sender, 0, 4) + " does not open: " + e.getMessage());
        }
    }

    private byte[] sharedKey(byte[] peer) throws CryptoException {
        String k = dev.tabnet.core.util.Hex.encode(peer);
        byte[] s = shared.get(k);
        if (s == null) {
            if (shared.size() >= MAX_CACHED) shared.clear();
            s = NaclBox.precompute(privateKey, peer);
            shared.put(k, s);
        }
        return s;
    }
}
