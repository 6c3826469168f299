package dev.tabnet.core.control.noise;

/** A growable FIFO of bytes (single-threaded): append at the tail, consume from the head. */
final class ByteQueue {
    private byte[] buf = new byte[256];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, tail, len);
        tail += len;
    }

    /** Byte at index i from the head (0 ≤ i < size()). */
    int peek(int i) {
        return buf[head + i] & 0xff;
    }

    void copy(int from, byte[] dst, int off, int len) {
        System.arraycopy(buf, head + from, dst, off, len);
    }

    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, size());
        System.arraycopy(buf, head, dst, off, n);
        skip(n);
        return n;
    }

    void skip(int n) {
        head += n;
        if (head == tail) head = tail = 0;
    }

    byte[] takeAll() {
        byte[] out = new byte[size()];
        read(out, 0, out.length);
        return out;
    }

    void clear() {
        head = tail = 0;
    }

    private void ensure(int extra) {
        if (tail + extra <= buf.length) return;
        int live = size();
        if (live + extra <= buf.length / 2) {
            System.arraycopy(buf, head, buf, 0, live);
        } else {
            int cap = buf.length;
            while (cap < live + extra) cap *= 2;
            byte[] nb = new byte[cap];
            System.arraycopy(buf, head, nb, 0, live);
            buf = nb;
        }
        head = 0;
        tail = live;
    }
}
