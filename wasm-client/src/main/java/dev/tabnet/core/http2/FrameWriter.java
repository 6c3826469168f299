package dev.tabnet.core.http2;

/** Serializes frames (RFC 9113 §4.1, §6) into a ByteSink. Callers respect the peer's frame size. */
final class FrameWriter {
    private FrameWriter() {}

    /** RFC 9113 §3.4: the client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". */
    static final byte[] CLIENT_PREFACE = {
        'P', 'R', 'I', ' ', '*', ' ', 'H', 'T', 'T', 'P', '/', '2', '.', '0', '\r', '\n', '\r', '\n', 'S', 'M', '\r', '\n', '\r', '\n',
    };

    static void header(ByteSink out, int length, int type, int flags, int streamId) {
        out.write24(length);
        out.write(type);
        out.write(flags);
        out.write32(streamId & 0x7fffffff);
    }

    /** ids/values: pairs of (identifier, value). */
    static void settings(ByteSink out, int[] idsAndValues) {
        header(out, idsAndValues.length / 2 * 6, FrameType.SETTINGS, 0, 0);
        for (int i = 0; i < idsAndValues.length; i += 2) {
            out.write16(idsAndValues[i]);
            out.write32(idsAndValues[i + 1]);
        }
    }

    static void settingsAck(ByteSink out) {
        header(out, 0, FrameType.SETTINGS, FrameType.FLAG_ACK, 0);
    }

    static void ping(ByteSink out, boolean ack, long payload) {
        header(out, 8, FrameType.PING, ack ? FrameType.FLAG_ACK : 0, 0);
        out.write32((int) (payload >>> 32));
        out.write32((int) payload);
    }

    static void windowUpdate(ByteSink out, int streamId, int increment) {
        header(out, 4, FrameType.WINDOW_UPDATE, 0, streamId);
        out.write32(increment & 0x7fffffff);
    }

    static void rstStream(ByteSink out, int streamId, int errorCode) {
        header(out, 4, FrameType.RST_STREAM, 0, streamId);
        out.write32(errorCode);
    }

    static void goAway(ByteSink out, int lastStreamId, int errorCode, byte[] debug) {
        header(out, 8 + debug.length, FrameType.GOAWAY, 0, 0);
        out.write32(lastStreamId & 0x7fffffff);
        out.write32(errorCode);
        out.write(debug, 0, debug.length);
    }

    static void data(ByteSink out, int streamId, byte[] b, int off, int len, boolean endStream) {
        header(out, len, FrameType.DATA, endStream ? FrameType.FLAG_END_STREAM : 0, streamId);
        out.write(b, off, len);
    }

    /** A header block as HEADERS plus as many CONTINUATION frames as maxFrameSize needs (§6.2, §6.10). */
    static void headers(ByteSink out, int streamId, byte[] block, int blockLen, boolean endStream, int maxFrameSize) {
        int first = Math.min(blockLen, maxFrameSize);
        int flags = (endStream ? FrameType.FLAG_END_STREAM : 0) | (first == blockLen ? FrameType.FLAG_END_HEADERS : 0);
        header(out, first, FrameType.HEADERS, flags, streamId);
        out.write(block, 0, first);
        int pos = first;
        while (pos < blockLen) {
            int n = Math.min(blockLen - pos, maxFrameSize);
            header(out, n, FrameType.CONTINUATION, pos + n == blockLen ? FrameType.FLAG_END_HEADERS : 0, streamId);
            out.write(block, pos, n);
            pos += n;
        }
    }
}
