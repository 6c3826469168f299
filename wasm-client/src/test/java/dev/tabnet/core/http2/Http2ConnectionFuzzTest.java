package dev.tabnet.core.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.testutil.FuzzInput;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 client connection driven by a fuzzed server byte stream (after our preface), interleaved
 * with fuzzed application calls. Contract (the class comment of {@link Http2Connection}): onBytes never
 * throws and never ends in our own INTERNAL_ERROR (a bug caught at the boundary); every stream ends
 * exactly once (onEnd or onReset), all of them by the time the connection is closed; onClosed comes
 * once; and what we send is well-formed RFC 9113: frames within the peer's SETTINGS_MAX_FRAME_SIZE,
 * connection frames on stream 0, stream frames on our odd stream ids, no PUSH_PROMISE, no zero
 * WINDOW_UPDATE.
 *
 * <p>Input layout: byte 0 = options (bit 0: an empty server SETTINGS goes first, bit 1: manual
 * flow-control consumption); then operations: 0 = feed the next (16-bit length) bytes from the server,
 * 1 = drain output, 2 = GET, 3 = POST with a body of 64 * (next byte) octets, 4 = stream write/end/consume/cancel, 5 = PING,
 * 6 = close(), 7 = transport closed.
 */
class Http2ConnectionFuzzTest {
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, FrameType.SETTINGS, 0, 0, 0, 0, 0};

    @FuzzTest
    void serverBytes(byte[] data) {
        run(data);
    }

    /** The harness reaches responses: in the "basic" seed both requests complete normally. */
    @Test
    void seedCompletesBothRequests() throws Exception {
        byte[] seed;
        try (java.io.InputStream is = getClass().getResourceAsStream("Http2ConnectionFuzzTestInputs/serverBytes/basic")) {
            seed = is.readAllBytes();
        }
        Harness h = run(seed);
        assertFalse(h.conn.isClosed(), h.conn.closeReason());
        assertEquals(2, h.ends.size());
        assertEquals(2, h.completed, "streams ended by onEnd");
    }

    private static Harness run(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        Http2Config config = new Http2Config();
        config.autoConsume = (options & 2) == 0;
        Harness h = new Harness(config);
        h.get();
        h.post(100, false);
        h.drain();
        if ((options & 1) != 0) h.feed(EMPTY_SETTINGS);
        for (int ops = 0; in.more() && ops < 2_000; ops++) {
            switch (in.u8() & 7) {
                case 0: h.feed(in.bytes(in.u16())); break;
                case 1: h.drain(); break;
                case 2: h.get(); break;
                case 3: h.post(in.u8() * 64, in.bool()); break;
                case 4: h.streamOp(in.u8(), in.u8(), in.u16()); break;
                case 5: h.conn.ping(in.i32()); break;
                case 6: h.conn.close(); break;
                default: h.conn.onTransportClosed(); break;
            }
            h.check();
        }
        h.drain();
        h.check();
        return h;
    }

    private static final class Harness implements Http2ConnectionListener {
        final Http2Connection conn;
        final List<Http2Stream> streams = new ArrayList<>();
        final Map<Http2Stream, Integer> ends = new IdentityHashMap<>();
        int closedCalls;
        int completed;
        boolean closedChecked;
        long maxPeerFrame = Settings.MIN_MAX_FRAME_SIZE;
        final FrameChecker out = new FrameChecker();

        Harness(Http2Config config) {
            conn = new Http2Connection(config, this);
        }

        final Http2StreamListener streamListener = new Http2StreamListener() {
            @Override
            public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {
                assertTrue(off >= 0 && len >= 0 && off + len <= data.length, "onData slice outside its array");
                assertFalse(ends.containsKey(s), "onData after the stream ended");
            }

            @Override
            public void onHeaders(Http2Stream s, int status, List<HeaderField> headers, boolean endStream) {
                assertFalse(ends.containsKey(s), "onHeaders after the stream ended");
                for (HeaderField f : headers) assertFalse(f.name.startsWith(":"), "pseudo-header passed to the application");
            }

            @Override
            public void onEnd(Http2Stream s) {
                completed++;
                ended(s);
            }

            @Override
            public void onReset(Http2Stream s, int errorCode, boolean refused, String reason) {
                ended(s);
            }
        };

        void ended(Http2Stream s) {
            Integer n = ends.get(s);
            assertTrue(n == null, () -> "stream " + s + " ended twice");
            ends.put(s, 1);
        }

        @Override
        public void onClosed(int errorCode, String reason) {
            closedCalls++;
        }

        void feed(byte[] b) {
            conn.onBytes(b, 0, b.length);
            maxPeerFrame = Math.max(maxPeerFrame, conn.peerSettings().maxFrameSize);
        }

        void get() {
            if (streams.size() >= 300) return;
            streams.add(conn.request("GET", "/", null, null, true, streamListener));
        }

        /** Request bodies are prefixes of one fixed pattern (octet i is i mod 256). */
        private static final byte[] BODY_PATTERN = new byte[255 * 64];

        static {
            for (int i = 0; i < BODY_PATTERN.length; i++) BODY_PATTERN[i] = (byte) i;
        }

        void post(int bodyLength, boolean end) {
            byte[] body = java.util.Arrays.copyOf(BODY_PATTERN, bodyLength);
            List<HeaderField> h = new ArrayList<>();
            h.add(new HeaderField("content-type", "application/octet-stream"));
            h.add(new HeaderField("authorization", "secret", true));
            if (streams.size() >= 300) return;
            streams.add(conn.request("POST", "/upload", h, body, end, streamListener));
        }

        void streamOp(int which, int what, int n) {
            if (streams.isEmpty()) return;
            Http2Stream s = streams.get(which % streams.size());
            switch (what & 3) {
                case 0: s.write(new byte[n & 0x3fff], 0, n & 0x3fff); break;
                case 1: s.end(new byte[n & 0xff], 0, n & 0xff); break;
                case 2: s.consume(n); break;
                default: s.cancel(); break;
            }
        }

        void drain() {
            for (int guard = 0; guard < 100_000; guard++) {
                byte[] b = conn.takeOutput();
                if (b.length == 0) return;
                out.accept(b, maxPeerFrame);
            }
            throw new AssertionError("output never drains");
        }

        void check() {
            if (conn.isClosed()) {
                String reason = conn.closeReason();
                assertFalse(reason != null && reason.startsWith("internal error"), "engine bug surfaced as " + reason);
                assertEquals(1, closedCalls, "onClosed calls");
                if (!closedChecked) {
                    for (Http2Stream s : streams) assertTrue(ends.containsKey(s), () -> "stream " + s + " never ended on a closed connection");
                    closedChecked = true;
                }
            } else {
                assertEquals(0, closedCalls, "onClosed while open");
            }
        }
    }

    /** Parses our output independently of FrameReader (RFC 9113 §4.1) and checks each frame. */
    private static final class FrameChecker {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private boolean prefaceSkipped;

        void accept(byte[] b, long maxFrame) {
            pending.write(b, 0, b.length);
            byte[] all = pending.toByteArray();
            int p = 0;
            if (!prefaceSkipped) {
                if (all.length < 24) return;
                assertEquals("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", new String(all, 0, 24, java.nio.charset.StandardCharsets.ISO_8859_1));
                p = 24;
                prefaceSkipped = true;
            }
            while (all.length - p >= 9) {
                int len = (all[p] & 0xff) << 16 | (all[p + 1] & 0xff) << 8 | (all[p + 2] & 0xff);
                if (all.length - p - 9 < len) break;
                int type = all[p + 3] & 0xff;
                int sid = ((all[p + 5] & 0x7f) << 24) | (all[p + 6] & 0xff) << 16 | (all[p + 7] & 0xff) << 8 | (all[p + 8] & 0xff);
                assertTrue(len <= maxFrame, () -> "frame of " + len + " octets exceeds the peer's max " + maxFrame);
                assertTrue(type <= FrameType.CONTINUATION && type != FrameType.PUSH_PROMISE, () -> "we sent frame type " + type);
                boolean connectionFrame = type == FrameType.SETTINGS || type == FrameType.PING || type == FrameType.GOAWAY;
                if (connectionFrame) assertEquals(0, sid, () -> FrameType.name(type) + " on a stream");
                else if (type != FrameType.WINDOW_UPDATE) assertTrue(sid % 2 == 1, () -> FrameType.name(type) + " on stream " + sid);
                if (type == FrameType.WINDOW_UPDATE) {
                    assertEquals(4, len, "WINDOW_UPDATE length");
                    int inc = ((all[p + 9] & 0x7f) << 24) | (all[p + 10] & 0xff) << 16 | (all[p + 11] & 0xff) << 8 | (all[p + 12] & 0xff);
                    assertTrue(inc > 0, "WINDOW_UPDATE with increment 0");
                }
                p += 9 + len;
            }
            pending.reset();
            pending.write(all, p, all.length - p);
        }
    }
}
