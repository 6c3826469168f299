package dev.tabnet.server.tailnet;

import java.util.BitSet;

/**
 * Hands out tailnet addresses: IPv4 from 100.64.0.0/10 (the CGNAT range Tailscale uses) and, for the
 * same node, the IPv6 address in fd7a:115c:a1e0::/48 whose low 32 bits are the IPv4 offset, so the
 * pair is easy to recognise. Released addresses are reused lowest first.
 */
public final class AddressAllocator {
    static final int V4_BASE = (100 << 24) | (64 << 16);
    static final int V4_SIZE = 1 << 22;
    /** Tailscale's own service address (MagicDNS resolver); never a node. */
    static final int QUAD_100 = (100 << 24) | (100 << 16) | (100 << 8) | 100;
    /** 100.115.92.0/23 is used by ChromeOS for its VMs; Tailscale avoids it too. */
    static final int CHROMEOS_BASE = (100 << 24) | (115 << 16) | (92 << 8);
    static final int CHROMEOS_SIZE = 512;
    static final byte[] V6_PREFIX = {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0};

    private final BitSet used = new BitSet(V4_SIZE);
    /** No offset below this is free, so allocation does not rescan the allocated prefix. */
    private int lowestFree;

    public AddressAllocator() {
        used.set(0); // the network address
        reserve(QUAD_100, 1);
        reserve(CHROMEOS_BASE, CHROMEOS_SIZE);
    }

    private void reserve(int first, int count) {
        used.set(first - V4_BASE, first - V4_BASE + count);
    }

    /** Allocates the next free pair; throws when the /10 is exhausted. */
    public synchronized Addresses allocate() {
        int offset = used.nextClearBit(lowestFree);
        if (offset >= V4_SIZE) throw new IllegalStateException("100.64.0.0/10 is exhausted");
        used.set(offset);
        lowestFree = offset + 1;
        return Addresses.forOffset(offset);
    }

    public synchronized void release(Addresses a) {
        int offset = a.v4Offset();
        if (offset > 0 && offset < V4_SIZE) {
            used.clear(offset);
            lowestFree = Math.min(lowestFree, offset);
        }
    }

    /** A node's two addresses. */
    public static final class Addresses {
        private final int v4;

        private Addresses(int v4) {
            this.v4 = v4;
        }

        static Addresses forOffset(int offset) {
            return new Addresses(V4_BASE + offset);
        }

        int v4Offset() {
            return v4 - V4_BASE;
        }

        public byte[] ipv4() {
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }

        public byte[] ipv6() {
            byte[] a = new byte[16];
            System.arraycopy(V6_PREFIX, 0, a, 0, V6_PREFIX.length);
            int off = v4Offset();
            a[12] = (byte) (off >>> 24);
            a[13] = (byte) (off >>> 16);
            a[14] = (byte) (off >>> 8);
            a[15] = (byte) off;
            return a;
        }

        public String ipv4Text() {
            return (v4 >>> 24 & 0xff) + "." + (v4 >>> 16 & 0xff) + "." + (v4 >>> 8 & 0xff) + "." + (v4 & 0xff);
        }

        /** Compressed text form: the /48 prefix, zero groups elided, then the low 32 bits. */
        public String ipv6Text() {
            int off = v4Offset();
            int hi = off >>> 16, lo = off & 0xffff;
            return "fd7a:115c:a1e0::" + (hi != 0 ? Integer.toHexString(hi) + ":" : "") + Integer.toHexString(lo);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Addresses && ((Addresses) o).v4 == v4;
        }

        @Override
        public int hashCode() {
            return v4;
        }

        @Override
        public String toString() {
            return ipv4Text() + " " + ipv6Text();
        }
    }
}
