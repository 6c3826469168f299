package dev.tabnet.core.tcp;

/**
 * Bytes the application wrote that the peer has not acknowledged yet, addressed by stream offset
 * (offset 0 = first data byte after our SYN). Bounded: {@link #append} accepts only what fits.
 */
final class SendQueue {
    private final ByteRing ring;
    private long unacked; // offset of the first unacknowledged byte
    private long end;     // offset one past the last byte written by the application

    SendQueue(int capacity) {
        ring = new ByteRing(capacity);
    }

    int append(byte[] b, int off, int len) {
        int n = Math.min(len, free());
        if (n <= 0) return 0;
        ring.write(unacked, end, b, off, n);
        end += n;
        return n;
    }

    int free() {
        return ring.capacity() - (int) (end - unacked);
    }

    int capacity() {
        return ring.capacity();
    }

    long end() {
        return end;
    }

    long unacked() {
        return unacked;
    }

    void ackTo(long offset) {
        if (offset > unacked) unacked = Math.min(offset, end);
    }

    byte[] copy(long offset, int len) {
        byte[] out = new byte[len];
        ring.read(offset, out, 0, len);
        return out;
    }
}
