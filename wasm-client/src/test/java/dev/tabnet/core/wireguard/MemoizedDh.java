package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * X25519 with its results remembered, for the fuzz harness: every input builds fresh devices from the
 * same keys and entropy seeds and replays the same recorded handshakes, so nearly every scalar
 * multiplication repeats one done before. Results are the real function's (a miss computes it); the
 * low-order rejection is remembered too. Bounded so that a long run with mutated keys cannot grow it
 * without end.
 */
final class MemoizedDh implements Dh {
    static final MemoizedDh INSTANCE = new MemoizedDh();
    private static final int MAX_ENTRIES = 1 << 16;
    private static final byte[] LOW_ORDER = new byte[0];

    private final Map<String, byte[]> publicKeys = new HashMap<>();
    private final Map<String, byte[]> shared = new HashMap<>();

    @Override
    public synchronized byte[] publicKey(byte[] privateKey) {
        String k = key(privateKey);
        byte[] pub = publicKeys.get(k);
        if (pub == null) {
            pub = X25519_DH.publicKey(privateKey);
            if (publicKeys.size() >= MAX_ENTRIES) publicKeys.clear();
            publicKeys.put(k, pub);
        }
        return pub.clone();
    }

    @Override
    public synchronized byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) throws CryptoException {
        String k = key(privateKey) + key(peerPublicKey);
        byte[] s = shared.get(k);
        if (s == null) {
            try {
                s = X25519_DH.sharedSecret(privateKey, peerPublicKey);
            } catch (CryptoException e) {
                s = LOW_ORDER;
            }
            if (shared.size() >= MAX_ENTRIES) shared.clear();
            shared.put(k, s);
        }
        if (s == LOW_ORDER) throw new CryptoException("X25519 produced the all-zero shared secret");
        return s.clone();
    }

    /** The bytes as a map key, through JDK code only (Jazzer does not instrument it). */
    private static String key(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
