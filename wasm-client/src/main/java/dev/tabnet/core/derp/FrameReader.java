package dev.tabnet.core.derp;

import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.StreamBuffer;

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
    private final StreamBuffer in = new StreamBuffer(4096);
    private int splitType = -1;

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

    /**
     * Frames of this type (SendPacket at a relay, RecvPacket at a client: a node key, then a
     * packet) come with the key in {@link Frame#key} and only the packet as the body, so each
     * relayed packet is copied out of the stream once, not sliced again to drop its key.
     */
    public void splitKeyOf(int type) {
        splitType = type;
    }

    public void feed(byte[] data, int off, int len) {
        in.append(data, off, len);
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** The next complete frame, or null when more bytes are needed. */
    public Frame next() throws DerpProtocolException {
        int avail = in.available();
        if (avail < DerpConstants.FRAME_HEADER_LEN) return null;
        byte[] buf = in.array();
        int start = in.start();
        int type = buf[start] & 0xff;
        long len = Bytes.u32be(buf, start + 1);
        long max = limit.maxBodyLength(type);
        if (len > max) {
            throw new DerpProtocolException(FrameType.name(type) + " frame of " + len + " bytes exceeds the limit of " + max);
        }
        if (avail - DerpConstants.FRAME_HEADER_LEN < len) return null;
        int bodyStart = start + DerpConstants.FRAME_HEADER_LEN, bodyLen = (int) len;
        Frame f = type == splitType && bodyLen >= DerpConstants.KEY_LEN
                ? new Frame(type, Bytes.slice(buf, bodyStart + DerpConstants.KEY_LEN, bodyLen - DerpConstants.KEY_LEN), NodeKey.of(buf, bodyStart))
                : new Frame(type, Bytes.slice(buf, bodyStart, bodyLen));
        in.consume(DerpConstants.FRAME_HEADER_LEN + bodyLen);
        return f;
    }

    /** The type byte of the next (possibly incomplete) frame, or -1 if nothing is buffered. */
    public int peekType() {
        return in.available() > 0 ? in.array()[in.start()] & 0xff : -1;
    }

    /** Forgets buffered bytes (a new connection starts a new stream). */
    public void clear() {
        in.clear();
    }

    /** Bytes received but not yet returned as a frame. */
    public int buffered() {
        return in.available();
    }
}
