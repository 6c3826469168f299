package dev.tabnet.core.tcp;

import java.util.Arrays;

/**
 * Sorted, disjoint, half-open ranges of 64-bit stream offsets. Used for out-of-order data held by
 * the receiver (which becomes SACK blocks) and for the sender's SACK scoreboard.
 */
final class RangeSet {
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int size;

    int size() {
        return size;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /** Adds [s, e), merging with overlapping or touching ranges; returns the index of the merged range. */
    int add(long s, long e) {
        if (e <= s) return -1;
        int i = 0;
        while (i < size && ends[i] < s) i++;
        int j = i;
        while (j < size && starts[j] <= e) {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            System.arraycopy(starts, i, starts, i + 1, size - i);
            System.arraycopy(ends, i, ends, i + 1, size - i);
            size++;
        } else if (removed > 1) {
            System.arraycopy(starts, j, starts, i + 1, size - j);
            System.arraycopy(ends, j, ends, i + 1, size - j);
            size -= removed - 1;
        }
        starts[i] = s;
        ends[i] = e;
        return i;
    }

    /** Drops everything below {@code limit}. */
    void removeBelow(long limit) {
        int k = 0;
        while (k < size && ends[k] <= limit) k++;
        if (k > 0) {
            System.arraycopy(starts, k, starts, 0, size - k);
            System.arraycopy(ends, k, ends, 0, size - k);
            size -= k;
        }
        if (size > 0 && starts[0] < limit) starts[0] = limit;
    }

    boolean contains(long off) {
        for (int i = 0; i < size; i++) {
            if (off < starts[i]) return false;
            if (off < ends[i]) return true;
        }
        return false;
    }

    /** End of the range containing {@code off}, or {@code off} if none does. */
    long coveredUntil(long off) {
        for (int i = 0; i < size; i++) {
            if (off < starts[i]) return off;
            if (off < ends[i]) return ends[i];
        }
        return off;
    }

    /** Start of the first range at or after {@code off}, or Long.MAX_VALUE. */
    long nextStartAfter(long off) {
        for (int i = 0; i < size; i++) if (starts[i] > off) return starts[i];
        return Long.MAX_VALUE;
    }

    long totalBytes() {
        long n = 0;
        for (int i = 0; i < size; i++) n += ends[i] - starts[i];
        return n;
    }

    /** Bytes covered within [from, to). */
    long bytesBetween(long from, long to) {
        long n = 0;
        for (int i = 0; i < size; i++) {
            long s = Math.max(starts[i], from), e = Math.min(ends[i], to);
            if (e > s) n += e - s;
        }
        return n;
    }

    long highestEnd() {
        return size == 0 ? Long.MIN_VALUE : ends[size - 1];
    }
}
