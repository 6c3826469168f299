package dev.tabnet.core.wireguard;

import java.util.ArrayList;
import java.util.List;

/**
 * Cryptokey routing table: IPv4/IPv6 prefixes to peers with longest-prefix match. A linear scan
 * over entries kept sorted by prefix length is plenty for tailnet sizes and keeps the code obvious.
 * Inserting a prefix that another peer owns moves it, as in wireguard-go.
 */
final class AllowedIps {
    private static final class Entry {
        final byte[] prefix;
        final int bits;
        final WireGuardPeer peer;

        Entry(byte[] prefix, int bits, WireGuardPeer peer) {
            this.prefix = prefix;
            this.bits = bits;
            this.peer = peer;
        }
    }

    private final List<Entry> v4 = new ArrayList<>();
    private final List<Entry> v6 = new ArrayList<>();

    void insert(byte[] address, int bits, WireGuardPeer peer) {
        if (address.length != 4 && address.length != 16) throw new IllegalArgumentException("address must be 4 or 16 bytes");
        if (bits < 0 || bits > address.length * 8) throw new IllegalArgumentException("bad prefix length " + bits);
        byte[] masked = mask(address, bits);
        List<Entry> list = address.length == 4 ? v4 : v6;
        for (int i = 0; i < list.size(); i++) {
            Entry e = list.get(i);
            if (e.bits == bits && java.util.Arrays.equals(e.prefix, masked)) {
                list.remove(i);
                break;
            }
        }
        int at = 0;
        while (at < list.size() && list.get(at).bits >= bits) at++;
        list.add(at, new Entry(masked, bits, peer));
    }

    void removeByPeer(WireGuardPeer peer) {
        v4.removeIf(e -> e.peer == peer);
        v6.removeIf(e -> e.peer == peer);
    }

    /** The peer owning the longest prefix containing addr (4 or 16 bytes at off), or null. */
    WireGuardPeer lookup(byte[] addr, int off, int len) {
        List<Entry> list = len == 4 ? v4 : len == 16 ? v6 : null;
        if (list == null) return null;
        for (Entry e : list) {
            if (matches(e.prefix, e.bits, addr, off)) return e.peer;
        }
        return null;
    }

    private static boolean matches(byte[] prefix, int bits, byte[] addr, int off) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) if (prefix[i] != addr[off + i]) return false;
        int rest = bits % 8;
        if (rest == 0) return true;
        int m = (0xff << (8 - rest)) & 0xff;
        return (prefix[full] & m) == (addr[off + full] & m);
    }

    private static byte[] mask(byte[] a, int bits) {
        byte[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            out[i] &= (byte) ((0xff << (8 - keep)) & 0xff);
        }
        return out;
    }
}
