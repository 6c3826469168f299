package dev.tabnet.core.wireguard;

/**
 * Sliding-window replay filter in the style of RFC 6479 (as wireguard-go's replay package): a ring
 * of 128 64-bit blocks; one block is always being recycled, so the window is 127 * 64 = 8128
 * counters. Counters are unsigned 64-bit values held in Java longs.
 */
final class ReplayFilter {
    private static final int BLOCK_BIT_LOG = 6;
    private static final int BLOCK_BITS = 1 << BLOCK_BIT_LOG;
    private static final int RING_BLOCKS = 1 << 7;
    static final long WINDOW_SIZE = (RING_BLOCKS - 1) * BLOCK_BITS;
    private static final int BLOCK_MASK = RING_BLOCKS - 1;
    private static final int BIT_MASK = BLOCK_BITS - 1;

    private long last;
    private final long[] ring = new long[RING_BLOCKS];

    void reset() {
        last = 0;
        java.util.Arrays.fill(ring, 0);
    }

    /** Returns true (and records the counter) if it is below limit, inside the window and not seen before. */
    boolean validateCounter(long counter, long limit) {
        if (Long.compareUnsigned(counter, limit) >= 0) return false;
        long indexBlock = counter >>> BLOCK_BIT_LOG;
        if (Long.compareUnsigned(counter, last) > 0) {
            long current = last >>> BLOCK_BIT_LOG;
            long diff = indexBlock - current;
            if (Long.compareUnsigned(diff, RING_BLOCKS) > 0) diff = RING_BLOCKS;
            for (long i = current + 1; i != current + diff + 1; i++) ring[(int) (i & BLOCK_MASK)] = 0;
            last = counter;
        } else if (Long.compareUnsigned(last - counter, WINDOW_SIZE) > 0) {
            return false;
        }
        int block = (int) (indexBlock & BLOCK_MASK);
        long bit = 1L << (counter & BIT_MASK);
        long old = ring[block];
        ring[block] = old | bit;
        return (old & bit) == 0;
    }
}
