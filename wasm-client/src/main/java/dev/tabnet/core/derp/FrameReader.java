package dev.tabnet.core.derp;

import dev.tabnet.core.util.Bytes;

/**
 * Reassembles DERP frames from a byte stream. Over WebSocket one message may carry several frames
 * or part of one (Tailscale's wsconn turns each buffered write into one message), so the transport's
 * message boundaries mean nothing here: bytes are appended with {@link #feed} and whole frames taken
 * out with {@link #next}.
 */
public final class FrameReader {
    /** The largest body the reader accepts for a frame type; checked as soon as the header arrives. */
    public interface Limit {
        long maxBodyLength(int type);
    }

    private Limit limit;
    private byte[] buf = new byte[4096];
    private int start;
    private int end;

    public FrameReader(Limit limit) {
        this.limit = limit;
    }

    /** A reader that accepts bodies up to {@code max} bytes for every type. */
    public static FrameReader withMaxBody(long max) {
        return new FrameReader(type -> max);
    }

    public void setLimit(Limit limit) {
        this.limit = limit;
    }

    public void feed(byte[] data, int off, int len) {
        if (len == 0) return;
        if (buf.length - end < len) {
            int live = end - start;
            if (start > 0 && buf.length - live >= len && live < buf.length / 2) {
                System.arraycopy(buf, start, buf, 0, live);
            } else {
                int size = buf.length;
                while (size - live < len) size *= 2;
                byte[] grown = new byte[size];
                System.arraycopy(buf, start, grown, 0, live);
                buf = grown;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** The next complete frame, or null when more bytes are needed. */
    public Frame next() throws DerpProtocolException {
        int avail = end - start;
        if (avail < DerpConstants.FRAME_HEADER_LEN) return null;
        int type = buf[start] & 0xff;
        long len = Bytes.u32be(buf, start + 1);
        long max = limit.maxBodyLength(type);
        if (len > max) {
            throw new DerpProtocolException(FrameType.name(type) + " frame of " + len + " bytes exceeds the limit of " + max);
        }
        if (avail - DerpConstants.FRAME_HEADER_LEN < len) return null;
        byte[] body = Bytes.slice(buf, start + DerpConstants.FRAME_HEADER_LEN, (int) len);
        start += DerpConstants.FRAME_HEADER_LEN + (int) len;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > 1 << 17) buf = new byte[4096];
        }
        return new Frame(type, body);
    }

    /** The type byte of the next (possibly incomplete) frame, or -1 if nothing is buffered. */
    public int peekType() {
        return end > start ? buf[start] & 0xff : -1;
    }

    /** Forgets buffered bytes (a new connection starts a new stream). */
    public void clear() {
        start = 0;
        end = 0;
        if (buf.length > 1 << 17) buf = new byte[4096];
    }

    /** Bytes received but not yet returned as a frame. */
    public int buffered() {
        return end - start;
    }
}
