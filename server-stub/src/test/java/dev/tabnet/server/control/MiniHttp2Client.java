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
        int stream = nextStream;
        nextStream += 2;
        HttpFields.Mutable fields = HttpFields.build();
        if (contentType != null) fields.put("content-type", contentType);
        MetaData.Request req = new MetaData.Request(method, HttpURI.from("http://control" + path), HttpVersion.HTTP_2, fields);
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
        out.write(w.toByteArray());
        out.flush();
        return readResponse(stream);
    }

    private Response readResponse(int stream) throws Exception {
        MetaData.Response head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
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
                    if (sid != stream) continue;
                    if ((flags & END_HEADERS) == 0) throw new IOException("CONTINUATION not supported by this test client");
                    head = (MetaData.Response) decoder.decode(ByteBuffer.wrap(payload));
                    if ((flags & END_STREAM) != 0) return new Response(head.getStatus(), head.getHttpFields(), body.toByteArray());
                }
                case DATA -> {
                    if (sid != stream) continue;
                    body.write(payload);
                    if (len > 0) { // keep both windows open
                        send(windowUpdate(0, len));
                        send(windowUpdate(stream, len));
                    }
                    if ((flags & END_STREAM) != 0) return new Response(head.getStatus(), head.getHttpFields(), body.toByteArray());
                }
                default -> {
                    // WINDOW_UPDATE, PRIORITY, unknown: nothing to do here
                }
            }
        }
    }

    private void send(byte[] f) throws IOException {
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
