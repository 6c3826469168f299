package dev.tabnet.core.wireguard;

import dev.tabnet.core.util.Bytes;

/** TAI64N timestamps (12 bytes) as WireGuard puts them in the initiation. */
final class Tai64n {
    private Tai64n() {}

    static final int SIZE = 12;
    /** 2^62 + 10: the TAI64 label for the Unix epoch (the 10 s TAI-UTC offset of 1970). */
    static final long BASE = 0x400000000000000aL;
    /**
     * wireguard-go clears the low 24 bits of the nanoseconds (~16.8 ms granularity) so the timestamp
     * does not leak a precise clock; we do the same.
     */
    static final int WHITENER_MASK = 0x1000000 - 1;

    static byte[] fromUnixNanos(long unixNanos) {
        long secs = Math.floorDiv(unixNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(unixNanos, 1_000_000_000L);
        byte[] out = new byte[SIZE];
        Bytes.put64be(out, 0, BASE + secs);
        Bytes.put32be(out, 8, nanos & ~WHITENER_MASK);
        return out;
    }

    /** True if a is strictly later than b (both big-endian, so unsigned lexicographic order). */
    static boolean after(byte[] a, byte[] b) {
        for (int i = 0; i < SIZE; i++) {
            int x = a[i] & 0xff, y = b[i] & 0xff;
            if (x != y) return x > y;
        }
        return false;
    }
}
