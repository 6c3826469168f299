package dev.tabnet.server.control;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;
import org.eclipse.jetty.http2.hpack.HpackEncoder;

/**
 * Just enough of an HTTP/2 client (RFC 9113, prior knowledge) to drive one request at a time over a
 * byte stream, for tests: frames by hand, header blocks by Jetty's HPACK encoder/decoder. The real
 * client lives in dev.tabnet.core.http2.
 */
final class MiniHttp2Client {
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8, CONTINUATION = 9;
    static final int END_STREAM = 1, ACK = 1, END_HEADERS = 4;

    record Response(int status, HttpFields headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final DataInputStream in;
    private final OutputStream out;
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(64 * 1024, System::nanoTime);
    private int nextStream = 1;
    int settingsFramesSeen;

    MiniHttp2Client(InputStream in, OutputStream out) throws IOException {
        this.in = new DataInputStream(in);
        this.out = out;
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.write(PREFACE);
        start.write(frame(SETTINGS, 0, 0, new byte[0]));
        out.write(start.toByteArray());
        out.flush();
    }

    Response request(String method, String path, String contentType, byte[] body) throws Exception {
        int stream = start(method, path, contentType, body);
        MetaData.Response head = null;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            Frame f = next(stream);
            if (f.type == HEADERS) head = decode(f);
            else data.write(f.payload);
            if ((f.flags & END_STREAM) != 0) return new Response(head.getStatus(), head.getHttpFields(), data.toByteArray());
        }
    }

    /** A request whose response body is read incrementally (the map long poll). */
    Streaming stream(String method, String path, String contentType, byte[] body) throws Exception {
        int stream = start(method, path, contentType, body);
        Frame f = next(stream);
        if (f.type != HEADERS) throw new IOException("expected HEADERS first, got type " + f.type);
        MetaData.Response head = decode(f);
        return new Streaming(stream, head.getStatus(), (f.flags & END_STREAM) != 0);
    }

    final class Streaming {
        final int stream;
        final int status;
        private boolean ended;
        private final java.util.ArrayDeque<Byte> buffered = new java.util.ArrayDeque<>();

        Streaming(int stream, int status, boolean ended) {
            this.stream = stream;
            this.status = status;
            this.ended = ended;
        }

        /** Exactly n body bytes (blocking), or an IOException if the stream ends first. */
        byte[] read(int n) throws Exception {
            while (buffered.size() < n) {
                if (ended) throw new IOException("stream ended after " + buffered.size() + " of " + n + " bytes");
                Frame f = next(stream);
                for (byte b : f.payload) buffered.add(b);
                if ((f.flags & END_STREAM) != 0) ended = true;
            }
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) out[i] = buffered.poll();
            return out;
        }

        /** One map-stream message: uint32 little-endian length, then JSON. */
        String readMapMessage() throws Exception {
            byte[] len = read(4);
            int n = (len[0] & 0xff) | (len[1] & 0xff) << 8 | (len[2] & 0xff) << 16 | (len[3] & 0xff) << 24;
            return new String(read(n), StandardCharsets.UTF_8);
        }

        void cancel() throws IOException {
            send(frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(8).array())); // CANCEL
        }
    }

    private int start(String method, String path, String contentType, byte[] body) throws Exception {
        int stream = nextStream;
        nextStream += 2;
        HttpFields.Mutable fields = HttpFields.build();
        if (contentType != null) fields.put("content-type", contentType);
        // :scheme https, as the Go client sends inside Noise (it asks for https://<host>/machine/...).
        MetaData.Request req = new MetaData.Request(method, HttpURI.from("https://control" + path), HttpVersion.HTTP_2, fields);
        ByteBuffer block = ByteBuffer.allocate(4096);
        encoder.encode(block, req);
        block.flip();
        byte[] hb = new byte[block.remaining()];
        block.get(hb);
        boolean hasBody = body != null && body.length > 0;
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.write(frame(HEADERS, END_HEADERS | (hasBody ? 0 : END_STREAM), stream, hb));
        // DATA in frames of at most the default SETTINGS_MAX_FRAME_SIZE; callers keep bodies within the
        // initial 65535-byte flow-control window, so no WINDOW_UPDATE is needed before sending.
        for (int off = 0; hasBody && off < body.length; off += 16384) {
            int n = Math.min(16384, body.length - off);
            w.write(frame(DATA, off + n == body.length ? END_STREAM : 0, stream, java.util.Arrays.copyOfRange(body, off, off + n)));
        }
        synchronized (this) {
            out.write(w.toByteArray());
            out.flush();
        }
        return stream;
    }

    private record Frame(int type, int flags, int stream, byte[] payload) {}

    private MetaData.Response decode(Frame f) throws Exception {
        if ((f.flags & END_HEADERS) == 0) throw new IOException("CONTINUATION not supported by this test client");
        return (MetaData.Response) decoder.decode(ByteBuffer.wrap(f.payload));
    }

    /** The next HEADERS or DATA frame of {@code stream}, answering connection-level frames meanwhile. */
    private Frame next(int stream) throws Exception {
        while (true) {
            int len = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int sid = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[len];
            in.readFully(payload);
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        settingsFramesSeen++;
                        send(frame(SETTINGS, ACK, 0, new byte[0]));
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) send(frame(PING, ACK, 0, payload));
                }
                case GOAWAY -> throw new IOException("GOAWAY " + new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8));
                case RST_STREAM -> {
                    if (sid == stream) throw new IOException("RST_STREAM on stream " + sid);
                }
                case HEADERS -> {
                    if (sid == stream) return new Frame(type, flags, sid, payload);
                }
                case DATA -> {
                    if (len > 0) { // keep both windows open
                        send(windowUpdate(0, len));
                        send(windowUpdate(sid, len));
                    }
                    if (sid == stream) return new Frame(type, flags, sid, payload);
                }
                default -> {
                    // WINDOW_UPDATE, PRIORITY, unknown: nothing to do here
                }
            }
        }
    }

    private synchronized void send(byte[] f) throws IOException {
        out.write(f);
        out.flush();
    }

    static byte[] windowUpdate(int stream, int increment) {
        return frame(WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(increment).array());
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }
}
