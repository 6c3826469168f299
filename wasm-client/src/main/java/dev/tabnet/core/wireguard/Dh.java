package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;

/**
 * The two X25519 operations of the handshake. A seam because they are pure functions: the WireGuard
 * fuzz harness replays the same recorded handshakes millions of times and memoizes them, since real
 * scalar multiplications were 90 % of its run time. Production devices always use {@link #X25519_DH}.
 */
interface Dh {
    byte[] publicKey(byte[] privateKey);

    /** DH(priv, pub); throws for low-order peer keys (all-zero output). */
    byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) throws CryptoException;

    Dh X25519_DH = new Dh() {
        @Override
        public byte[] publicKey(byte[] privateKey) {
            return X25519.publicKey(privateKey);
        }

        @Override
        public byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) throws CryptoException {
            return X25519.sharedSecret(privateKey, peerPublicKey);
        }
    };
}
