package dev.tabnet.core.tcp;

/**
 * Received bytes not yet read by the application, including out-of-order data placed directly at
 * its offset in the ring (so reassembly needs no extra copies). The advertised window is the free
 * space, so the peer can never make us buffer more than the capacity.
 */
final class ReceiveQueue {
    private final ByteRing ring;
    private long readOffset; // next byte the application will read
    private long nextExpected; // RCV.NXT as an offset: end of contiguous data
    private final RangeSet outOfOrder = new RangeSet();

    ReceiveQueue(int capacity) {
        ring = new ByteRing(capacity);
    }

    long nextExpected() {
        return nextExpected;
    }

    /** Right edge of the window we may offer: everything up to here fits in the ring. */
    long windowRightEdge() {
        return readOffset + ring.capacity();
    }

    int readable() {
        return (int) (nextExpected - readOffset);
    }

    int capacity() {
        return ring.capacity();
    }

    /**
     * Stores data at {@code offset}, trimmed to [nextExpected, rightEdge). Returns the number of bytes
     * by which the contiguous data grew.
     */
    long accept(long offset, byte[] b, int off, int len) {
        long s = Math.max(offset, nextExpected);
        long e = Math.min(offset + len, windowRightEdge());
        if (e <= s) return 0;
        ring.write(readOffset, s, b, off + (int) (s - offset), (int) (e - s));
        if (s > nextExpected) {
            outOfOrder.add(s, e);
            return 0;
        }
        long before = nextExpected;
        nextExpected = e;
        // Pull in out-of-order ranges that are now contiguous.
        nextExpected = Math.max(nextExpected, outOfOrder.coveredUntil(nextExpected));
        outOfOrder.removeBelow(nextExpected);
        while (!outOfOrder.isEmpty() && outOfOrder.start(0) <= nextExpected) {
            nextExpected = Math.max(nextExpected, outOfOrder.end(0));
            outOfOrder.removeBelow(nextExpected);
        }
        return nextExpected - before;
    }

    int read(byte[] b, int off, int len) {
        int n = Math.min(len, readable());
        if (n <= 0) return 0;
        ring.read(readOffset, b, off, n);
        readOffset += n;
        return n;
    }

    RangeSet outOfOrder() {
        return outOfOrder;
    }
}
