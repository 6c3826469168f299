package dev.tabnet.core.http2;

import dev.tabnet.core.util.StreamBuffer;

/**
 * Splits a byte stream into frames (RFC 9113 §4.1). Bytes are appended with {@link #append}; each
 * {@link #next} call exposes one complete frame whose payload lies at {@code buf[payloadOffset ..
 * payloadOffset + length)} until the following call.
 */
final class FrameReader {
    private final StreamBuffer in = new StreamBuffer(32 * 1024);

    int length;
    int type;
    int flags;
    int streamId;
    int payloadOffset;

    void append(byte[] b, int off, int len) {
        in.append(b, off, len);
    }

    byte[] buffer() {
        return in.array();
    }

    int buffered() {
        return in.available();
    }

    /** Length field of the next frame header, or -1 if fewer than 9 bytes are buffered. */
    int peekLength() {
        if (in.available() < FrameType.HEADER_LENGTH) return -1;
        byte[] buf = in.array();
        int start = in.start();
        return (buf[start] & 0xff) << 16 | (buf[start + 1] & 0xff) << 8 | (buf[start + 2] & 0xff);
    }

    /** Parses the next complete frame; false if more bytes are needed. */
    boolean next() {
        int len = peekLength();
        if (len < 0 || in.available() < FrameType.HEADER_LENGTH + len) return false;
        byte[] buf = in.array();
        int start = in.start();
        length = len;
        type = buf[start + 3] & 0xff;
        flags = buf[start + 4] & 0xff;
        streamId = ((buf[start + 5] & 0x7f) << 24 | (buf[start + 6] & 0xff) << 16 | (buf[start + 7] & 0xff) << 8 | (buf[start + 8] & 0xff));
        payloadOffset = start + FrameType.HEADER_LENGTH;
        in.consume(FrameType.HEADER_LENGTH + len); // the payload stays readable until the next append()
        return true;
    }

    int u8(int pos) {
        return in.array()[pos] & 0xff;
    }

    int i32(int pos) {
        byte[] buf = in.array();
        return (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
    }

    int u16(int pos) {
        byte[] buf = in.array();
        return (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
    }
}
