package dev.tabnet.core.wireguard;

import dev.tabnet.core.Entropy;
import java.util.HashMap;
import java.util.Map;

/**
 * Receiver indices (wireguard-go indextable.go): random 32-bit ids we hand out as "sender index";
 * the peer echoes them back, so one lookup finds the peer and the handshake or keypair.
 */
final class IndexTable {
    static final class Entry {
        final WireGuardPeer peer;
        Keypair keypair; // null while the index still belongs to a pending handshake

        Entry(WireGuardPeer peer) {
            this.peer = peer;
        }
    }

    private final Map<Integer, Entry> entries = new HashMap<>();
    private final Entropy entropy;

    IndexTable(Entropy entropy) {
        this.entropy = entropy;
    }

    int newIndexForHandshake(WireGuardPeer peer) {
        while (true) {
            int index = entropy.nextIntBits();
            if (!entries.containsKey(index)) {
                entries.put(index, new Entry(peer));
                return index;
            }
        }
    }

    void swapForKeypair(int index, Keypair keypair) {
        Entry e = entries.get(index);
        if (e != null) e.keypair = keypair;
    }

    Entry lookup(int index) {
        return entries.get(index);
    }

    void delete(int index) {
        entries.remove(index);
    }

    int size() {
        return entries.size();
    }
}
