package dev.tabnet.core.tcp;

/**
 * A circular byte buffer of bounded capacity addressed by 64-bit stream offsets. The owner tracks
 * which offsets are valid: always a window [liveStart, liveStart + capacity) whose start only moves
 * forward; the bounded capacity is what gives back-pressure in both directions.
 *
 * <p>The backing array starts small and doubles (up to the capacity) when a write reaches beyond
 * it, so a connection that moves little data never allocates and zeroes the full 1 MiB buffers
 * (two per socket). Byte at offset {@code o} lives at index {@code o % backing length}.
 */
final class ByteRing {
    static final int INITIAL_BYTES = 4096;

    private final int capacity;
    private byte[] data;

    ByteRing(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        this.data = new byte[Math.min(capacity, INITIAL_BYTES)];
    }

    int capacity() {
        return capacity;
    }

    /** Current backing size (for tests). */
    int allocated() {
        return data.length;
    }

    /**
     * Stores src at offset. liveStart is the owner's first valid offset (nothing below it is read
     * again); offset + len must not exceed liveStart + capacity.
     */
    void write(long liveStart, long offset, byte[] src, int off, int len) {
        long need = offset + len - liveStart;
        if (need > capacity || offset < liveStart) throw new IllegalArgumentException("write outside the live window");
        if (need > data.length) grow(liveStart, (int) need);
        int cap = data.length;
        int idx = (int) (offset % cap);
        int first = Math.min(len, cap - idx);
        System.arraycopy(src, off, data, idx, first);
        if (first < len) System.arraycopy(src, off + first, data, 0, len - first);
    }

    void read(long offset, byte[] dst, int off, int len) {
        int cap = data.length;
        int idx = (int) (offset % cap);
        int first = Math.min(len, cap - idx);
        System.arraycopy(data, idx, dst, off, first);
        if (first < len) System.arraycopy(data, 0, dst, off + first, len - first);
    }

    /** Re-lays the whole old window [liveStart, liveStart + old length) out in a larger array. */
    private void grow(long liveStart, int need) {
        int size = data.length;
        while (size < need) size = (int) Math.min((long) size * 2, capacity);
        byte[] bigger = new byte[size];
        int old = data.length;
        int from = (int) (liveStart % old), to = (int) (liveStart % size);
        // Copy old window bytes in up to three runs, each contiguous in both arrays.
        for (int done = 0; done < old; ) {
            int run = Math.min(old - from, size - to);
            run = Math.min(run, old - done);
            System.arraycopy(data, from, bigger, to, run);
            done += run;
            from = (from + run) % old;
            to = (to + run) % size;
        }
        data = bigger;
    }
}
