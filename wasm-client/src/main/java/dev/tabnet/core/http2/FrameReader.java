package dev.tabnet.core.http2;

/**
 * Splits a byte stream into frames (RFC 9113 §4.1). Bytes are appended with {@link #append}; each
 * {@link #next} call exposes one complete frame whose payload lies at {@code buf[payloadOffset ..
 * payloadOffset + length)} until the following call.
 */
final class FrameReader {
    private byte[] buf = new byte[32 * 1024];
    private int start; // first unread byte
    private int end; // end of buffered bytes

    int length;
    int type;
    int flags;
    int streamId;
    int payloadOffset;

    void append(byte[] b, int off, int len) {
        if (end + len > buf.length) {
            int live = end - start;
            if (live + len > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + len)];
                System.arraycopy(buf, start, bigger, 0, live);
                buf = bigger;
            } else {
                System.arraycopy(buf, start, buf, 0, live);
            }
            start = 0;
            end = live;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    byte[] buffer() {
        return buf;
    }

    int buffered() {
        return end - start;
    }

    /** Length field of the next frame header, or -1 if fewer than 9 bytes are buffered. */
    int peekLength() {
        if (end - start < FrameType.HEADER_LENGTH) return -1;
        return (buf[start] & 0xff) << 16 | (buf[start + 1] & 0xff) << 8 | (buf[start + 2] & 0xff);
    }

    /** Parses the next complete frame; false if more bytes are needed. */
    boolean next() {
        int len = peekLength();
        if (len < 0 || end - start < FrameType.HEADER_LENGTH + len) return false;
        length = len;
        type = buf[start + 3] & 0xff;
        flags = buf[start + 4] & 0xff;
        streamId = ((buf[start + 5] & 0x7f) << 24 | (buf[start + 6] & 0xff) << 16 | (buf[start + 7] & 0xff) << 8 | (buf[start + 8] & 0xff));
        payloadOffset = start + FrameType.HEADER_LENGTH;
        start = payloadOffset + len;
        if (start == end) start = end = 0; // the payload stays readable: nothing is appended until the next append()
        return true;
    }

    int u8(int pos) {
        return buf[pos] & 0xff;
    }

    int i32(int pos) {
        return (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
    }

    int u16(int pos) {
        return (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
    }
}
