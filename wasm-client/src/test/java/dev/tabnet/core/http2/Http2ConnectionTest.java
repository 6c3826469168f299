package dev.tabnet.core.http2;

import static dev.tabnet.core.http2.ScriptedPeer.concat;
import static dev.tabnet.core.http2.ScriptedPeer.frame;
import static dev.tabnet.core.http2.ScriptedPeer.literal;
import static dev.tabnet.core.http2.ScriptedPeer.settings;
import static dev.tabnet.core.http2.ScriptedPeer.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.http2.ScriptedPeer.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client connection against a scripted server (frames built byte by byte in the test): frame
 * layouts, settings, flow control, CONTINUATION, PING, GOAWAY and the error code for each kind of
 * bad input (RFC 9113 §5.4, §6).
 */
class Http2ConnectionTest {
    static final class Recorder implements Http2StreamListener {
        int status = -1;
        List<HeaderField> headers;
        List<HeaderField> trailers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean ended;
        int resetCode = -1;
        boolean refused;
        String resetReason;

        @Override
        public void onHeaders(Http2Stream s, int status, List<HeaderField> headers, boolean endStream) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void onData(Http2Stream s, byte[] d, int off, int len, boolean endStream) {
            body.write(d, off, len);
        }

        @Override
        public void onTrailers(Http2Stream s, List<HeaderField> trailers) {
            this.trailers = trailers;
        }

        @Override
        public void onEnd(Http2Stream s) {
            ended = true;
        }

        @Override
        public void onReset(Http2Stream s, int code, boolean refused, String reason) {
            resetCode = code;
            this.refused = refused;
            resetReason = reason;
        }
    }

    static final class ConnEvents implements Http2ConnectionListener {
        int closedCode = -1;
        String closedReason;
        int goAwayLast = -1;
        final List<Long> pingAcks = new ArrayList<>();

        @Override
        public void onClosed(int code, String reason) {
            closedCode = code;
            closedReason = reason;
        }

        @Override
        public void onGoAway(int last, int code, byte[] debug) {
            goAwayLast = last;
        }

        @Override
        public void onPingAck(long payload) {
            pingAcks.add(payload);
        }
    }

    Http2Config config = new Http2Config();
    ConnEvents events = new ConnEvents();
    Http2Connection conn;

    Http2Connection start() {
        conn = new Http2Connection(config, events);
        conn.takeOutput();
        return conn;
    }

    /** A client that has exchanged SETTINGS with an empty server SETTINGS. */
    Http2Connection started() {
        start();
        feed(settings());
        List<Frame> out = frames();
        assertEquals(1, out.size());
        assertEquals(FrameType.SETTINGS, out.get(0).type);
        assertEquals(FrameType.FLAG_ACK, out.get(0).flags);
        return conn;
    }

    void feed(byte[] bytes) {
        conn.onBytes(bytes, 0, bytes.length);
    }

    List<Frame> frames() {
        return ScriptedPeer.parse(conn.takeOutput());
    }

    Recorder get(String path) {
        Recorder r = new Recorder();
        conn.request("GET", path, List.of(), null, true, r);
        return r;
    }

    static byte[] headers(int sid, int flags, byte[]... fields) {
        return frame(FrameType.HEADERS, flags | FrameType.FLAG_END_HEADERS, sid, concat(fields));
    }

    static byte[] data(int sid, int flags, byte[] payload) {
        return frame(FrameType.DATA, flags, sid, payload);
    }

    // ------------------------------------------------------------------ layouts

    @Test
    void prefaceSettingsAndConnectionWindow() {
        config.initialStreamWindow = 1 << 20;
        config.connectionWindow = 4 << 20;
        byte[] out = new Http2Connection(config, events).takeOutput();
        assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", new String(out, 0, 24, StandardCharsets.US_ASCII));
        List<Frame> f = ScriptedPeer.parse(out);
        assertEquals(2, f.size());
        Frame s = f.get(0);
        assertEquals(FrameType.SETTINGS, s.type);
        assertEquals(0, s.flags);
        assertEquals(0, s.streamId);
        assertEquals(30, s.payload.length);
        int[][] expected = {
            {Settings.SETTINGS_ENABLE_PUSH, 0}, {Settings.SETTINGS_HEADER_TABLE_SIZE, 4096},
            {Settings.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}, {Settings.SETTINGS_MAX_FRAME_SIZE, 16384},
            {Settings.SETTINGS_MAX_HEADER_LIST_SIZE, 1 << 20},
        };
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], (s.payload[i * 6] & 0xff) << 8 | (s.payload[i * 6 + 1] & 0xff));
            assertEquals(expected[i][1], s.u32(i * 6 + 2));
        }
        Frame w = f.get(1);
        assertEquals(FrameType.WINDOW_UPDATE, w.type);
        assertEquals(0, w.streamId);
        assertEquals((4 << 20) - 65535, w.u32(0));
    }

    @Test
    void requestHeadersAndBodyFrames() throws Exception {
        started();
        Http2Stream s = conn.request("POST", "/machine/map", List.of(new HeaderField("Content-Type", "application/json")),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8), true, new Recorder());
        assertEquals(1, s.id());
        List<Frame> f = frames();
        assertEquals(2, f.size(), f.toString());
        assertEquals(FrameType.HEADERS, f.get(0).type);
        assertEquals(FrameType.FLAG_END_HEADERS, f.get(0).flags);
        List<HeaderField> sent = new HpackDecoder(4096).decode(f.get(0).payload, 0, f.get(0).payload.length);
        assertEquals(List.of(new HeaderField(":method", "POST"), new HeaderField(":scheme", "http"), new HeaderField(":authority", "localhost"),
            new HeaderField(":path", "/machine/map"), new HeaderField("content-type", "application/json")), sent);
        assertEquals(FrameType.DATA, f.get(1).type);
        assertEquals(FrameType.FLAG_END_STREAM, f.get(1).flags);
        assertEquals("{\"a\":1}", new String(f.get(1).payload, StandardCharsets.UTF_8));
        Http2Stream g = conn.request("GET", "/", null, null, true, new Recorder());
        assertEquals(3, g.id());
        f = frames();
        assertEquals(1, f.size());
        assertEquals(FrameType.FLAG_END_HEADERS | FrameType.FLAG_END_STREAM, f.get(0).flags, "no body: END_STREAM on HEADERS");
    }

    @Test
    void largeRequestHeadersAreSplitIntoContinuationFrames() throws Exception {
        started();
        List<HeaderField> big = new ArrayList<>();
        for (int i = 0; i < 10; i++) big.add(new HeaderField("x-big-" + i, "v".repeat(5000) + i));
        conn.request("GET", "/", big, null, true, new Recorder());
        List<Frame> f = frames();
        assertTrue(f.size() >= 3, f.toString());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < f.size(); i++) {
            Frame fr = f.get(i);
            assertEquals(i == 0 ? FrameType.HEADERS : FrameType.CONTINUATION, fr.type);
            assertTrue(fr.payload.length <= 16384);
            assertEquals(i == f.size() - 1, (fr.flags & FrameType.FLAG_END_HEADERS) != 0);
            block.writeBytes(fr.payload);
        }
        byte[] b = block.toByteArray();
        List<HeaderField> decoded = new HpackDecoder(4096).decode(b, 0, b.length);
        assertEquals(big, decoded.subList(4, decoded.size()));
    }

    // ------------------------------------------------------------------ responses

    @Test
    void responseWithHeadersDataTrailers() {
        started();
        Recorder r = get("/");
        frames();
        feed(headers(1, 0, ScriptedPeer.STATUS_200, literal("content-type", "text/plain")));
        feed(data(1, 0, "hello ".getBytes(StandardCharsets.US_ASCII)));
        feed(data(1, 0, "world".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(r.ended);
        feed(headers(1, FrameType.FLAG_END_STREAM, literal("x-checksum", "42")));
        assertEquals(200, r.status);
        assertEquals(List.of(new HeaderField("content-type", "text/plain")), r.headers);
        assertEquals("hello world", r.body.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(new HeaderField("x-checksum", "42")), r.trailers);
        assertTrue(r.ended);
        assertEquals(0, conn.openStreams());
        assertFalse(conn.isClosed());
    }

    @Test
    void paddedHeadersWithPriorityAndPaddedData() {
        started();
        Recorder r = get("/");
        frames();
        byte[] block = concat(ScriptedPeer.STATUS_404, literal("x-a", "b"));
        byte[] payload = concat(new byte[] {3}, new byte[] {0, 0, 0, 0, 16}, block, new byte[3]); // pad length, priority, block, padding
        feed(frame(FrameType.HEADERS, FrameType.FLAG_PADDED | FrameType.FLAG_PRIORITY | FrameType.FLAG_END_HEADERS, 1, payload));
        feed(frame(FrameType.DATA, FrameType.FLAG_PADDED | FrameType.FLAG_END_STREAM, 1, concat(new byte[] {5}, "abc".getBytes(StandardCharsets.US_ASCII), new byte[5])));
        assertEquals(404, r.status);
        assertEquals(List.of(new HeaderField("x-a", "b")), r.headers);
        assertEquals("abc", r.body.toString(StandardCharsets.US_ASCII));
        assertTrue(r.ended);
    }

    @Test
    void headerBlockAcrossContinuationFrames() {
        started();
        Recorder r = get("/");
        frames();
        byte[] block = concat(ScriptedPeer.STATUS_200, literal("x-long", "y".repeat(100)));
        int a = 1, b = 40;
        feed(frame(FrameType.HEADERS, FrameType.FLAG_END_STREAM, 1, java.util.Arrays.copyOfRange(block, 0, a)));
        feed(frame(FrameType.CONTINUATION, 0, 1, java.util.Arrays.copyOfRange(block, a, b)));
        assertEquals(-1, r.status, "nothing delivered before END_HEADERS");
        feed(frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 1, java.util.Arrays.copyOfRange(block, b, block.length)));
        assertEquals(200, r.status);
        assertEquals("y".repeat(100), r.headers.get(0).value);
        assertTrue(r.ended, "END_STREAM on the HEADERS applies once the block completes");
    }

    @Test
    void informationalResponsesAreSkipped() {
        started();
        Recorder r = get("/");
        frames();
        feed(headers(1, 0, literal(":status", "100")));
        assertEquals(-1, r.status);
        feed(headers(1, 0, literal(":status", "103"), literal("link", "</a>")));
        feed(headers(1, FrameType.FLAG_END_STREAM, ScriptedPeer.STATUS_200));
        assertEquals(200, r.status);
        assertTrue(r.ended);
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() {
        started();
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        feed(frame(FrameType.PING, 0, 0, payload));
        List<Frame> f = frames();
        assertEquals(1, f.size());
        assertEquals(FrameType.PING, f.get(0).type);
        assertEquals(FrameType.FLAG_ACK, f.get(0).flags);
        assertArrayEquals(payload, f.get(0).payload);
        conn.ping(0x1122334455667788L);
        Frame ours = frames().get(0);
        assertEquals(0, ours.flags);
        feed(frame(FrameType.PING, FrameType.FLAG_ACK, 0, ours.payload));
        assertEquals(List.of(0x1122334455667788L), events.pingAcks);
        assertTrue(frames().isEmpty(), "an ACK is not answered");
    }

    @Test
    void unknownFramesAndSettingsAreIgnored() {
        started();
        feed(frame(0xfa, 0xff, 0, new byte[] {1, 2, 3}));
        feed(settings(0x99, 7));
        List<Frame> f = frames();
        assertEquals(1, f.size());
        assertEquals(FrameType.FLAG_ACK, f.get(0).flags);
        assertEquals(1, conn.ignoredFrames());
        assertFalse(conn.isClosed());
    }

    // ------------------------------------------------------------------ flow control

    @Test
    void receiveWindowsAreReplenishedAsTheApplicationConsumes() {
        config.initialStreamWindow = 65535;
        config.connectionWindow = 65535;
        config.autoConsume = false;
        started();
        Recorder r = new Recorder();
        Http2Stream s = conn.request("GET", "/map", List.of(), null, true, r);
        frames();
        feed(headers(1, 0, ScriptedPeer.STATUS_200));
        feed(data(1, 0, new byte[16384]));
        feed(data(1, 0, new byte[16384]));
        feed(data(1, 0, new byte[10000]));
        assertTrue(frames().isEmpty(), "no WINDOW_UPDATE before the application consumed anything");
        s.consume(20000);
        assertTrue(frames().isEmpty(), "20000 < half a window");
        s.consume(22768);
        List<Frame> f = frames();
        assertEquals(2, f.size(), f.toString());
        assertEquals(0, f.get(0).streamId);
        assertEquals(42768, f.get(0).u32(0));
        assertEquals(1, f.get(1).streamId);
        assertEquals(42768, f.get(1).u32(0));
        // Now 65535 - 42768 + 42768 = 65535 is open again on both levels; more than that is an error.
        feed(data(1, 0, new byte[16384]));
        feed(data(1, 0, new byte[16384]));
        feed(data(1, 0, new byte[16384]));
        feed(data(1, 0, new byte[16383]));
        assertFalse(conn.isClosed());
        feed(data(1, 0, new byte[1]));
        assertTrue(conn.isClosed(), "one octet beyond the connection window");
        assertEquals(ErrorCode.FLOW_CONTROL_ERROR, goAwayCode(frames()));
    }

    @Test
    void longStreamWithAutoConsumeNeverStalls() {
        config.initialStreamWindow = 65535;
        config.connectionWindow = 65535;
        started();
        Recorder r = get("/map?stream=true");
        frames();
        feed(headers(1, 0, ScriptedPeer.STATUS_200));
        long streamCredit = 65535, connCredit = 65535;
        for (int i = 0; i < 1000; i++) { // 16 MB through 64 KB windows, like a long-poll map stream
            feed(data(1, 0, new byte[16384]));
            streamCredit -= 16384;
            connCredit -= 16384;
            for (Frame f : frames()) {
                assertEquals(FrameType.WINDOW_UPDATE, f.type);
                if (f.streamId == 0) connCredit += f.u32(0);
                else streamCredit += f.u32(0);
            }
            assertTrue(streamCredit >= 16384 && connCredit >= 16384, "window kept open at frame " + i);
        }
        assertEquals(1000L * 16384, r.body.size());
        assertFalse(conn.isClosed());
    }

    @Test
    void sendingRespectsPeerWindowsAndFrameSize() {
        started();
        feed(settings(Settings.SETTINGS_INITIAL_WINDOW_SIZE, 1000, Settings.SETTINGS_MAX_FRAME_SIZE, 20000));
        frames();
        byte[] body = new byte[100_000];
        new Random(1).nextBytes(body);
        Recorder r = new Recorder();
        conn.request("POST", "/up", List.of(), body, true, r);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<Frame> f = frames();
        assertEquals(FrameType.HEADERS, f.get(0).type);
        assertEquals(2, f.size());
        assertEquals(1000, f.get(1).payload.length, "stream window 1000");
        sent.writeBytes(f.get(1).payload);
        feed(frame(FrameType.WINDOW_UPDATE, 0, 1, u32(200_000)));
        long connSent = 1000;
        f = frames();
        for (Frame d : f) {
            assertTrue(d.payload.length <= 20000, "peer MAX_FRAME_SIZE");
            sent.writeBytes(d.payload);
            connSent += d.payload.length;
        }
        assertEquals(65535, connSent, "connection window 65535 is the limit now");
        feed(frame(FrameType.WINDOW_UPDATE, 0, 0, u32(100_000)));
        f = frames();
        for (Frame d : f) sent.writeBytes(d.payload);
        assertEquals(FrameType.FLAG_END_STREAM, f.get(f.size() - 1).flags);
        assertArrayEquals(body, sent.toByteArray());
        // A SETTINGS_INITIAL_WINDOW_SIZE change applies to open streams, down to negative windows.
        conn.request("POST", "/up2", List.of(), new byte[5000], true, new Recorder());
        assertEquals(1000, frames().get(1).payload.length);
        feed(settings(Settings.SETTINGS_INITIAL_WINDOW_SIZE, 0));
        assertTrue(frames().size() == 1, "only the SETTINGS ACK");
        feed(frame(FrameType.WINDOW_UPDATE, 0, 3, u32(1500)));
        f = frames();
        assertEquals(1, f.size());
        assertEquals(500, f.get(0).payload.length, "window was 0 - 1000 + 1500 = 500");
    }

    @Test
    void peerHeaderTableSizeIsSignalledAndObeyed() throws Exception {
        started();
        HpackDecoder peerDecoder = new HpackDecoder(4096);
        conn.request("GET", "/a", List.of(new HeaderField("x-token", "abc")), null, true, new Recorder());
        Frame h = frames().get(0);
        peerDecoder.decode(h.payload, 0, h.payload.length);
        assertTrue(peerDecoder.dynamicTableSize() > 0, "the default 4096-octet table is used");
        feed(settings(Settings.SETTINGS_HEADER_TABLE_SIZE, 0));
        frames();
        conn.request("GET", "/a", List.of(new HeaderField("x-token", "abc")), null, true, new Recorder());
        h = frames().get(0);
        assertEquals(0x20, h.payload[0] & 0xff, "RFC 7541 §4.2: the block starts with a size update to 0");
        List<HeaderField> got = peerDecoder.decode(h.payload, 0, h.payload.length);
        assertEquals(new HeaderField("x-token", "abc"), got.get(got.size() - 1));
        assertEquals(0, peerDecoder.dynamicTableSize());
        assertEquals(0, conn.hpackEncoderTableSize());
    }

    @Test
    void outputIsProducedInBoundedChunks() {
        config.outputChunk = 10_000;
        started();
        feed(frame(FrameType.WINDOW_UPDATE, 0, 0, u32(10_000_000)));
        feed(settings(Settings.SETTINGS_INITIAL_WINDOW_SIZE, 10_000_000));
        frames();
        conn.request("POST", "/", List.of(), new byte[1_000_000], true, new Recorder());
        long total = 0;
        int chunks = 0;
        while (conn.hasOutput()) {
            byte[] b = conn.takeOutput();
            assertTrue(b.length <= 10_000 + 9 + 16384, "chunk " + b.length);
            total += b.length;
            chunks++;
        }
        assertTrue(chunks > 50, "chunks " + chunks);
        assertTrue(total > 1_000_000);
        byte[] small = new byte[7];
        conn.ping(1);
        assertEquals(7, conn.takeOutput(small, 0, 7));
        assertEquals(10, conn.takeOutput(new byte[100], 0, 100));
    }

    // ------------------------------------------------------------------ concurrency, GOAWAY, reset

    @Test
    void requestsWaitForTheConcurrencyLimit() {
        started();
        feed(settings(Settings.SETTINGS_MAX_CONCURRENT_STREAMS, 2));
        frames();
        Recorder a = get("/a"), b = get("/b"), c = get("/c");
        assertEquals(2, conn.openStreams());
        assertEquals(1, conn.waitingStreams());
        assertEquals(2, frames().size());
        feed(headers(1, FrameType.FLAG_END_STREAM, ScriptedPeer.STATUS_200));
        assertTrue(a.ended);
        List<Frame> f = frames();
        assertEquals(1, f.size());
        assertEquals(5, f.get(0).streamId, "the waiting request got the next id once a slot was free");
        assertEquals(0, conn.waitingStreams());
        assertFalse(b.ended || c.ended);
    }

    @Test
    void goAwayRefusesStreamsAboveLastStreamIdAndFinishesTheRest() {
        started();
        Recorder a = get("/a"), b = get("/b");
        frames();
        feed(frame(FrameType.GOAWAY, 0, 0, concat(u32(1), u32(ErrorCode.NO_ERROR), "maintenance".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(1, events.goAwayLast);
        assertTrue(b.refused);
        assertEquals(ErrorCode.REFUSED_STREAM, b.resetCode);
        assertEquals(-1, a.resetCode);
        Recorder late = get("/late");
        assertTrue(late.refused, "no new streams after GOAWAY");
        assertFalse(conn.isClosed());
        feed(headers(1, FrameType.FLAG_END_STREAM, ScriptedPeer.STATUS_200));
        assertTrue(a.ended);
        assertTrue(conn.isClosed());
        assertEquals(ErrorCode.NO_ERROR, events.closedCode);
        assertEquals(ErrorCode.NO_ERROR, goAwayCode(frames()), "we say goodbye too");
    }

    @Test
    void resetsInBothDirections() {
        started();
        Recorder a = get("/a");
        Recorder b = new Recorder();
        Http2Stream sb = conn.request("GET", "/b", List.of(), null, true, b);
        frames();
        feed(frame(FrameType.RST_STREAM, 0, 1, u32(ErrorCode.REFUSED_STREAM)));
        assertEquals(ErrorCode.REFUSED_STREAM, a.resetCode);
        assertTrue(a.refused);
        sb.cancel();
        assertEquals(ErrorCode.CANCEL, b.resetCode);
        List<Frame> f = frames();
        assertEquals(FrameType.RST_STREAM, f.get(0).type);
        assertEquals(3, f.get(0).streamId);
        assertEquals(ErrorCode.CANCEL, f.get(0).u32(0));
        // Frames still in flight on the reset streams are ignored (§5.1), HPACK state is kept.
        feed(headers(3, 0, ScriptedPeer.STATUS_200));
        feed(data(3, FrameType.FLAG_END_STREAM, new byte[10]));
        assertFalse(conn.isClosed());
        assertEquals(2, conn.ignoredFrames());
        assertTrue(frames().isEmpty());
    }

    // ------------------------------------------------------------------ errors

    /** Each case: what the server sends after the SETTINGS exchange, with stream 1 open. */
    static Object[][] connectionErrorCases() {
        byte[] frame16385 = frame(FrameType.DATA, 0, 1, new byte[16385]);
        return new Object[][] {
            {"DATA on stream 0", frame(FrameType.DATA, 0, 0, new byte[1]), ErrorCode.PROTOCOL_ERROR},
            {"HEADERS on stream 0", headers(0, 0, ScriptedPeer.STATUS_200), ErrorCode.PROTOCOL_ERROR},
            {"frame above SETTINGS_MAX_FRAME_SIZE", frame16385, ErrorCode.FRAME_SIZE_ERROR},
            {"PING of 7 octets", frame(FrameType.PING, 0, 0, new byte[7]), ErrorCode.FRAME_SIZE_ERROR},
            {"PING on a stream", frame(FrameType.PING, 0, 1, new byte[8]), ErrorCode.PROTOCOL_ERROR},
            {"SETTINGS of 5 octets", frame(FrameType.SETTINGS, 0, 0, new byte[5]), ErrorCode.FRAME_SIZE_ERROR},
            {"SETTINGS on a stream", frame(FrameType.SETTINGS, 0, 1, new byte[0]), ErrorCode.PROTOCOL_ERROR},
            {"SETTINGS ACK with payload", frame(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[6]), ErrorCode.FRAME_SIZE_ERROR},
            {"SETTINGS_ENABLE_PUSH 1 from a server", settings(Settings.SETTINGS_ENABLE_PUSH, 1), ErrorCode.PROTOCOL_ERROR},
            {"SETTINGS_INITIAL_WINDOW_SIZE 2^31", settings(Settings.SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000), ErrorCode.FLOW_CONTROL_ERROR},
            {"SETTINGS_MAX_FRAME_SIZE 100", settings(Settings.SETTINGS_MAX_FRAME_SIZE, 100), ErrorCode.PROTOCOL_ERROR},
            {"SETTINGS_MAX_FRAME_SIZE 2^24", settings(Settings.SETTINGS_MAX_FRAME_SIZE, 1 << 24), ErrorCode.PROTOCOL_ERROR},
            {"WINDOW_UPDATE 0 on the connection", frame(FrameType.WINDOW_UPDATE, 0, 0, u32(0)), ErrorCode.PROTOCOL_ERROR},
            {"connection window above 2^31-1", frame(FrameType.WINDOW_UPDATE, 0, 0, u32(0x7fffffff)), ErrorCode.FLOW_CONTROL_ERROR},
            {"WINDOW_UPDATE of 3 octets", frame(FrameType.WINDOW_UPDATE, 0, 0, new byte[3]), ErrorCode.FRAME_SIZE_ERROR},
            {"RST_STREAM on stream 0", frame(FrameType.RST_STREAM, 0, 0, u32(0)), ErrorCode.PROTOCOL_ERROR},
            {"RST_STREAM of 3 octets", frame(FrameType.RST_STREAM, 0, 1, new byte[3]), ErrorCode.FRAME_SIZE_ERROR},
            {"RST_STREAM on an idle stream", frame(FrameType.RST_STREAM, 0, 5, u32(0)), ErrorCode.PROTOCOL_ERROR},
            {"WINDOW_UPDATE on an idle stream", frame(FrameType.WINDOW_UPDATE, 0, 7, u32(1)), ErrorCode.PROTOCOL_ERROR},
            {"PUSH_PROMISE with push disabled", frame(FrameType.PUSH_PROMISE, FrameType.FLAG_END_HEADERS, 1, concat(u32(2), ScriptedPeer.STATUS_200)), ErrorCode.PROTOCOL_ERROR},
            {"HEADERS on a server-initiated stream", headers(2, 0, ScriptedPeer.STATUS_200), ErrorCode.PROTOCOL_ERROR},
            {"HEADERS on an idle stream", headers(99, 0, ScriptedPeer.STATUS_200), ErrorCode.PROTOCOL_ERROR},
            {"CONTINUATION without HEADERS", frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 1, ScriptedPeer.STATUS_200), ErrorCode.PROTOCOL_ERROR},
            {"PING inside a header block", concat(frame(FrameType.HEADERS, 0, 1, ScriptedPeer.STATUS_200), frame(FrameType.PING, 0, 0, new byte[8])), ErrorCode.PROTOCOL_ERROR},
            {"CONTINUATION on another stream", concat(frame(FrameType.HEADERS, 0, 1, ScriptedPeer.STATUS_200), frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 3, new byte[0])), ErrorCode.PROTOCOL_ERROR},
            {"HPACK index 0", headers(1, 0, new byte[] {(byte) 0x80}), ErrorCode.COMPRESSION_ERROR},
            {"HPACK index beyond the tables", headers(1, 0, new byte[] {(byte) 0xff, 0x10}), ErrorCode.COMPRESSION_ERROR},
            {"HPACK bad Huffman padding", headers(1, 0, new byte[] {0x48, (byte) 0x81, 0x00}), ErrorCode.COMPRESSION_ERROR},
            {"HPACK table size above our SETTINGS", headers(1, 0, new byte[] {0x3f, (byte) 0xe2, 0x1f, (byte) 0x88}), ErrorCode.COMPRESSION_ERROR},
            {"DATA padding longer than the frame", frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, new byte[] {4, 0, 0, 0}), ErrorCode.PROTOCOL_ERROR},
            {"HEADERS padding longer than the frame", frame(FrameType.HEADERS, FrameType.FLAG_PADDED | FrameType.FLAG_END_HEADERS, 1, new byte[] {9, (byte) 0x88}), ErrorCode.PROTOCOL_ERROR},
            {"GOAWAY of 4 octets", frame(FrameType.GOAWAY, 0, 0, new byte[4]), ErrorCode.FRAME_SIZE_ERROR},
            {"GOAWAY on a stream", frame(FrameType.GOAWAY, 0, 1, new byte[8]), ErrorCode.PROTOCOL_ERROR},
            {"PRIORITY on stream 0", frame(FrameType.PRIORITY, 0, 0, new byte[5]), ErrorCode.PROTOCOL_ERROR},
            {"DATA beyond the connection window", concat(headers(1, 0, ScriptedPeer.STATUS_200),
                data(1, 0, new byte[16384]), data(1, 0, new byte[16384]), data(1, 0, new byte[16384]), data(1, 0, new byte[16384])),
                ErrorCode.FLOW_CONTROL_ERROR},
        };
    }

    static int goAwayCode(List<Frame> frames) {
        int found = -1;
        for (Frame f : frames) {
            if (f.type == FrameType.GOAWAY) {
                assertEquals(-1, found, "one GOAWAY");
                assertEquals(0, f.u32(0), "last stream id: we accepted no server streams");
                found = f.u32(4);
            }
        }
        return found;
    }

    @Test
    void eachConnectionErrorSendsGoAwayWithItsCode() {
        for (Object[] c : connectionErrorCases()) {
            String what = (String) c[0];
            config = new Http2Config();
            config.initialStreamWindow = 65535;
            config.connectionWindow = 65535;
            config.autoConsume = false; // so the connection window is not replenished under the test
            events = new ConnEvents();
            started();
            Recorder open = get("/open");
            frames();
            feed((byte[]) c[1]);
            assertTrue(conn.isClosed(), what + ": connection closed");
            List<Frame> out = frames();
            assertEquals((int) (Integer) c[2], goAwayCode(out), what + ": GOAWAY code, got " + out);
            for (Frame f : out) {
                if (f.type == FrameType.GOAWAY) assertTrue(f.payload.length > 8, what + ": GOAWAY carries the reason as debug data");
            }
            assertEquals((int) (Integer) c[2], events.closedCode, what);
            assertTrue(events.closedReason != null && !events.closedReason.isEmpty(), what);
            assertEquals((int) (Integer) c[2], open.resetCode, what + ": open stream reset");
            feed(settings()); // ignored once closed
            assertTrue(frames().isEmpty(), what + ": nothing after GOAWAY");
        }
    }

    @Test
    void firstServerFrameMustBeSettings() {
        start();
        feed(frame(FrameType.PING, 0, 0, new byte[8]));
        assertEquals(ErrorCode.PROTOCOL_ERROR, goAwayCode(frames()));
        assertTrue(events.closedReason.contains("server preface"), events.closedReason);
    }

    @Test
    void oversizedHeaderBlockEndsTheConnection() {
        config.maxHeaderListSize = 20_000;
        started();
        get("/");
        frames();
        feed(frame(FrameType.HEADERS, 0, 1, new byte[16000]));
        feed(frame(FrameType.CONTINUATION, 0, 1, new byte[16000]));
        assertEquals(ErrorCode.ENHANCE_YOUR_CALM, goAwayCode(frames()));
    }

    /** Stream errors: RST_STREAM on that stream only; the connection carries on. */
    @Test
    void streamErrorsResetOnlyTheStream() {
        Object[][] cases = {
            {"DATA before HEADERS", data(1, 0, new byte[3]), ErrorCode.PROTOCOL_ERROR},
            {"response without :status", headers(1, 0, literal("content-type", "x")), ErrorCode.PROTOCOL_ERROR},
            {"request pseudo-header in a response", headers(1, 0, ScriptedPeer.STATUS_200, literal(":path", "/")), ErrorCode.PROTOCOL_ERROR},
            {"pseudo-header after a regular field", headers(1, 0, literal("a", "b"), ScriptedPeer.STATUS_200), ErrorCode.PROTOCOL_ERROR},
            {"uppercase field name", headers(1, 0, ScriptedPeer.STATUS_200, literal("Content-Type", "x")), ErrorCode.PROTOCOL_ERROR},
            {"connection-specific field", headers(1, 0, ScriptedPeer.STATUS_200, literal("connection", "close")), ErrorCode.PROTOCOL_ERROR},
            {"CR in a value", headers(1, 0, ScriptedPeer.STATUS_200, literal("x", "a\rb")), ErrorCode.PROTOCOL_ERROR},
            {":status not three digits", headers(1, 0, literal(":status", "20")), ErrorCode.PROTOCOL_ERROR},
            {"trailers without END_STREAM", concat(headers(1, 0, ScriptedPeer.STATUS_200), headers(1, 0, literal("x", "y"))), ErrorCode.PROTOCOL_ERROR},
            {"WINDOW_UPDATE 0 on a stream", frame(FrameType.WINDOW_UPDATE, 0, 1, u32(0)), ErrorCode.PROTOCOL_ERROR},
            {"stream window above 2^31-1", frame(FrameType.WINDOW_UPDATE, 0, 1, u32(0x7fffffff)), ErrorCode.FLOW_CONTROL_ERROR},
            {"PRIORITY of 4 octets", frame(FrameType.PRIORITY, 0, 1, new byte[4]), ErrorCode.FRAME_SIZE_ERROR},
        };
        for (Object[] c : cases) {
            String what = (String) c[0];
            config = new Http2Config();
            events = new ConnEvents();
            started();
            Recorder r = get("/");
            frames();
            feed((byte[]) c[1]);
            assertFalse(conn.isClosed(), what + ": " + events.closedReason);
            List<Frame> out = frames();
            assertEquals(1, out.size(), what + ": " + out);
            assertEquals(FrameType.RST_STREAM, out.get(0).type, what);
            assertEquals(1, out.get(0).streamId, what);
            assertEquals((int) (Integer) c[2], out.get(0).u32(0), what);
            assertEquals((int) (Integer) c[2], r.resetCode, what);
            assertFalse(r.ended, what + ": a reset stream does not also end");
            Recorder next = get("/next");
            feed(headers(3, FrameType.FLAG_END_STREAM, ScriptedPeer.STATUS_200));
            assertTrue(next.ended, what + ": the connection still works");
        }
    }

    @Test
    void streamWindowOverrunResetsTheStream() {
        config.initialStreamWindow = 65535;
        config.connectionWindow = 1 << 20;
        config.autoConsume = false;
        started();
        Recorder r = get("/");
        frames();
        feed(headers(1, 0, ScriptedPeer.STATUS_200));
        for (int i = 0; i < 4; i++) feed(data(1, 0, new byte[16383]));
        feed(data(1, 0, new byte[4]));
        assertFalse(conn.isClosed());
        assertEquals(ErrorCode.FLOW_CONTROL_ERROR, r.resetCode);
    }

    @Test
    void listenerExceptionsDoNotEscape() {
        started();
        conn.request("GET", "/", List.of(), null, true, new Http2StreamListener() {
            @Override
            public void onHeaders(Http2Stream s, int status, List<HeaderField> h, boolean end) {
                throw new IllegalStateException("application bug");
            }
        });
        frames();
        feed(headers(1, 0, ScriptedPeer.STATUS_200));
        assertTrue(conn.isClosed());
        assertEquals(ErrorCode.INTERNAL_ERROR, goAwayCode(frames()));
        assertTrue(events.closedReason.contains("application bug"));
    }

    @Test
    void randomInputNeverThrows() {
        Random rnd = new Random(20261201);
        int closed = 0;
        for (int round = 0; round < 2000; round++) {
            config = new Http2Config();
            events = new ConnEvents();
            started();
            get("/");
            get("/2");
            frames();
            // valid frame headers with random type/flags/stream and random payloads, then raw noise
            for (int i = 0; i < 5 && !conn.isClosed(); i++) {
                byte[] payload = new byte[rnd.nextInt(40)];
                rnd.nextBytes(payload);
                feed(frame(rnd.nextInt(12), rnd.nextInt(256), rnd.nextInt(6), payload));
            }
            byte[] noise = new byte[rnd.nextInt(64)];
            rnd.nextBytes(noise);
            feed(noise);
            frames();
            if (conn.isClosed()) closed++;
        }
        assertTrue(closed > 1000, "most random input is a connection error: " + closed);
    }
}
