package dev.tabnet.core.util;

/**
 * The receive buffer of a stream decoder (DERP, HTTP/2 and SSH framing): bytes are appended at the end
 * and consumed from the front; an append that does not fit first moves the unread bytes down, or into
 * a larger array. Decoders read {@link #array()} from {@link #start()} directly, without a copy per
 * frame. What a decoder exposed from the array stays valid until the next {@link #append}.
 */
public final class StreamBuffer {
    /** A drained buffer that grew past this goes back to its initial size (one large burst must not pin it). */
    private static final int SHRINK_ABOVE = 128 * 1024;

    private final int initialSize;
    private byte[] buf;
    private int start;
    private int end;

    public StreamBuffer(int initialSize) {
        this.initialSize = initialSize;
        this.buf = new byte[initialSize];
    }

    public void append(byte[] b, int off, int len) {
        if (len == 0) return;
        if (start == end && buf.length > SHRINK_ABOVE && len <= SHRINK_ABOVE) buf = new byte[Math.max(initialSize, len)];
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len > buf.length) {
                // Not Arrays.copyOfRange past the end: TeaVM 0.15's copies (to - from) elements without
                // clamping, so in the tab it reads beyond buf and traps (the JVM pads with zeros).
                byte[] grown = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, grown, 0, live);
                buf = grown;
            } else {
                System.arraycopy(buf, start, buf, 0, live);
            }
            start = 0;
            end = live;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    /** The backing array; unread bytes are at [start(), start() + available()). */
    public byte[] array() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int available() {
        return end - start;
    }

    public void consume(int n) {
        if (n < 0 || n > end - start) throw new IllegalArgumentException("consume " + n + " of " + (end - start));
        start += n;
        if (start == end) start = end = 0;
    }

    /** Forgets every unread byte. */
    public void clear() {
        start = end = 0;
        if (buf.length > SHRINK_ABOVE) buf = new byte[initialSize];
    }
}
