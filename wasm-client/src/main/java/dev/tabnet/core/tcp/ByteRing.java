package dev.tabnet.core.tcp;

/**
 * A fixed-capacity circular byte buffer addressed by 64-bit stream offsets: byte at offset
 * {@code o} lives at index {@code o % capacity}. The owner tracks which offsets are valid; the
 * bounded capacity is what gives back-pressure in both directions.
 */
final class ByteRing {
    private final byte[] data;

    ByteRing(int capacity) {
        data = new byte[capacity];
    }

    int capacity() {
        return data.length;
    }

    void write(long offset, byte[] src, int off, int len) {
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
}
