package dev.tabnet.tests.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.http2.ErrorCode;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2ConnectionListener;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our sans-I/O HTTP/2 client ({@code dev.tabnet.core.http2}) against Jetty 12's HTTP/2 server in
 * h2c prior-knowledge mode, over a loopback socket: a peer we did not write. Every test also checks
 * that neither side saw a protocol error (no GOAWAY with an error code in either direction).
 */
class JettyHttp2InteropTest {
    private JettyH2cServer jetty;
    private SocketHttp2Client client;
    private final ConcurrentLinkedQueue<String> connectionEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> pingAcks = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Integer> goAway = new CompletableFuture<>();
    private volatile String goAwayDebug;

    private Http2ConnectionListener connectionListener() {
        return new Http2ConnectionListener() {
            @Override
            public void onPingAck(long payload) {
                pingAcks.add(payload);
            }

            @Override
            public void onGoAway(int lastStreamId, int errorCode, byte[] debugData) {
                goAwayDebug = new String(debugData, StandardCharsets.UTF_8);
                connectionEvents.add("goaway " + ErrorCode.name(errorCode) + " last=" + lastStreamId);
                goAway.complete(errorCode);
            }

            @Override
            public void onClosed(int errorCode, String reason) {
                connectionEvents.add("closed " + ErrorCode.name(errorCode) + " " + reason);
            }
        };
    }

    private void start(int maxConcurrent, Http2Config config) throws Exception {
        jetty = new JettyH2cServer(maxConcurrent);
        config.authority = "127.0.0.1:" + jetty.port();
        client = new SocketHttp2Client(jetty.port(), config, connectionListener());
    }

    private static Http2Config config() {
        return new Http2Config();
    }

    private Collected get(String path) {
        Collected c = new Collected();
        client.post(conn -> conn.request("GET", path, List.of(new HeaderField("user-agent", "tabnet-test")), null, true, c));
        return c;
    }

    private void assertNoProtocolErrors() {
        for (int code : jetty.goAwaysReceived) assertEquals(ErrorCode.NO_ERROR, code, "Jetty received GOAWAY " + ErrorCode.name(code));
        for (String e : connectionEvents) assertFalse(e.contains("ERROR") && !e.contains("NO_ERROR"), e);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) client.close();
        if (jetty != null) jetty.close();
    }

    @Test
    void smallGetAndPost() throws Exception {
        start(100, config());
        Collected hello = get("/hello?who=tabnet").await(10);
        assertEquals(200, hello.status);
        assertEquals("hello from jetty, tabnet", new String(hello.bytes(), StandardCharsets.UTF_8));
        assertEquals("GET", hello.header("x-method"));
        assertTrue(hello.header("content-type").startsWith("text/plain"));

        byte[] body = "{\"hello\":\"jetty\"}".getBytes(StandardCharsets.UTF_8);
        Collected echo = new Collected();
        client.post(conn -> conn.request("POST", "/echo", List.of(new HeaderField("content-type", "application/json")), body, true, echo));
        echo.await(10);
        assertEquals(200, echo.status);
        assertEquals(Integer.toString(body.length), echo.header("x-length"));
        assertArrayEquals(body, echo.bytes());

        // A body sent in pieces after the HEADERS, ended separately.
        Collected pieces = new Collected();
        client.call(conn -> {
            Http2Stream s = conn.request("POST", "/echo", List.of(), null, false, pieces);
            s.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
            s.write("defg".getBytes(StandardCharsets.UTF_8), 1, 3);
            s.end();
            return s;
        });
        pieces.await(10);
        assertEquals("abcefg", new String(pieces.bytes(), StandardCharsets.UTF_8));
        assertTrue(jetty.settingsReceived.size() >= 1, "Jetty parsed our SETTINGS");
        assertNoProtocolErrors();
    }

    @Test
    void fiveMegabyteResponseThroughMinimalWindows() throws Exception {
        Http2Config cfg = config();
        cfg.initialStreamWindow = 65535;
        cfg.connectionWindow = 65535;
        start(100, cfg);
        int n = 5 * 1024 * 1024;
        long t0 = System.nanoTime();
        Collected big = get("/bytes?n=" + n).await(60);
        double secs = (System.nanoTime() - t0) / 1e9;
        byte[] got = big.bytes();
        assertEquals(n, got.length);
        for (int i = 0; i < n; i++) if (got[i] != JettyH2cServer.pattern(i)) throw new AssertionError("byte " + i + " differs");
        long updates = client.call(c -> c.windowUpdatesSent());
        // 5 MiB through 64 KiB windows needs a WINDOW_UPDATE roughly every 32 KiB on each level.
        assertTrue(updates > 2 * (n / 65535), "window updates sent: " + updates);
        System.out.printf("5 MiB GET via 64 KiB windows: %.2f s, %.1f MB/s, %d DATA frames, %d WINDOW_UPDATEs%n",
            secs, n / secs / 1e6, big.dataFrames, updates);
        assertNoProtocolErrors();
    }

    @Test
    void fiveMegabytePostEchoedWithDefaultWindows() throws Exception {
        start(100, config());
        byte[] body = new byte[5 * 1024 * 1024 + 123];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 131 + (i >>> 11));
        long t0 = System.nanoTime();
        Collected echo = new Collected();
        client.post(conn -> conn.request("POST", "/echo", List.of(new HeaderField("content-type", "application/octet-stream")), body, true, echo));
        echo.await(60);
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(200, echo.status);
        assertEquals(Integer.toString(body.length), echo.header("x-length"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), echo.header("x-sha256"));
        assertArrayEquals(body, echo.bytes());
        System.out.printf("5 MiB POST + 5 MiB echo: %.2f s%n", secs);
        assertNoProtocolErrors();
    }

    @Test
    void manyConcurrentStreamsBeyondTheServerLimit() throws Exception {
        start(16, config());
        get("/hello?who=warmup").await(10); // SETTINGS (MAX_CONCURRENT_STREAMS 16) now applied
        int count = 300;
        int[] maxOpen = new int[1];
        List<Collected> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new Collected() {
                @Override
                public void onHeaders(Http2Stream stream, int status, List<HeaderField> headers, boolean endStream) {
                    super.onHeaders(stream, status, headers, endStream);
                    maxOpen[0] = Math.max(maxOpen[0], client.conn.openStreams()); // loop thread
                }
            });
        }
        int waiting = client.call(conn -> {
            for (int i = 0; i < count; i++) {
                String path = i % 10 == 0 ? "/bytes?n=" + (100_000 + i) : "/hello?who=" + i;
                conn.request("GET", path, List.of(), null, true, all.get(i));
            }
            return conn.waitingStreams();
        });
        assertEquals(16L, (long) client.<Long>call(c -> c.peerSettings().maxConcurrentStreams));
        assertEquals(count - 16, waiting, "requests above the peer's limit wait for a free stream");
        for (int i = 0; i < count; i++) {
            Collected c = all.get(i).await(60);
            assertEquals(200, c.status);
            if (i % 10 == 0) assertEquals(100_000 + i, c.bytes().length);
            else assertEquals("hello from jetty, " + i, new String(c.bytes(), StandardCharsets.UTF_8));
        }
        // Jetty refuses streams above its limit (RST_STREAM REFUSED_STREAM would fail await above).
        assertEquals(16, client.<Integer>call(c -> maxOpen[0]), "we kept exactly the peer's limit open");
        assertTrue(jetty.concurrentMax.get() > 4, "requests really ran concurrently: " + jetty.concurrentMax.get());
        assertEquals(0, (int) client.call(c -> c.openStreams()));
        assertNoProtocolErrors();
    }

    /** A MapResponse-like stream: 4-byte little-endian length-prefixed messages that trickle in. */
    static final class ChunkReader implements Http2StreamListener {
        final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        final List<byte[]> messages = new ArrayList<>();
        final List<Long> arrivalNanos = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void onData(Http2Stream stream, byte[] data, int off, int len, boolean endStream) {
            pending.write(data, off, len);
            byte[] b = pending.toByteArray();
            int pos = 0;
            while (b.length - pos >= 4) {
                int n = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
                if (b.length - pos - 4 < n) break;
                messages.add(java.util.Arrays.copyOfRange(b, pos + 4, pos + 4 + n));
                arrivalNanos.add(System.nanoTime());
                pos += 4 + n;
            }
            pending.reset();
            pending.write(b, pos, b.length - pos);
        }

        @Override
        public void onEnd(Http2Stream stream) {
            done.complete(null);
        }

        @Override
        public void onReset(Http2Stream stream, int errorCode, boolean refused, String reason) {
            done.completeExceptionally(new AssertionError(reason));
        }
    }

    @Test
    void longLivedStreamingResponseStaysOpenThroughWindowUpdates() throws Exception {
        Http2Config cfg = config();
        cfg.initialStreamWindow = 65535; // the stream carries ~30x its window: it lives on WINDOW_UPDATEs
        cfg.connectionWindow = 256 * 1024;
        start(100, cfg);
        int chunks = 40, size = 50_000;
        ChunkReader map = new ChunkReader();
        client.post(conn -> conn.request("POST", "/stream?chunks=" + chunks + "&size=" + size + "&delayMs=25", List.of(), new byte[0], true, map));
        // While the stream runs, other requests on the same connection are not blocked behind it.
        Thread.sleep(200);
        Collected side = get("/hello?who=side").await(10);
        assertEquals(200, side.status);
        assertFalse(map.done.isDone(), "the long stream is still open while the side request completed");
        map.done.get(60, TimeUnit.SECONDS);
        assertEquals(chunks, map.messages.size());
        for (int c = 0; c < chunks; c++) {
            byte[] m = map.messages.get(c);
            assertEquals(size + c, m.length);
            for (int i = 0; i < m.length; i++) if (m[i] != (byte) (c + i)) throw new AssertionError("chunk " + c + " byte " + i);
        }
        long spreadMs = (map.arrivalNanos.get(chunks - 1) - map.arrivalNanos.get(0)) / 1_000_000;
        assertTrue(spreadMs >= 39 * 25 * 8 / 10, "chunks arrived over time, not at the end: " + spreadMs + " ms");
        System.out.println("streamed " + chunks + " messages (" + (chunks * (size + 4L)) + " bytes) over " + spreadMs + " ms");
        assertNoProtocolErrors();
    }

    @Test
    void pingsInBothDirections() throws Exception {
        start(100, config());
        long serverPayload = 0x0102030405060708L;
        get("/ping?payload=" + serverPayload).await(10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jetty.pingAcksReceived.contains(serverPayload) && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(jetty.pingAcksReceived.contains(serverPayload), "Jetty received our PING ACK with its payload");
        assertEquals(1L, (long) client.call(c -> c.pingsAnswered()));

        long ours = 0x7eadbeefcafef00dL;
        client.post(c -> c.ping(ours));
        while (!pingAcks.contains(ours) && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(pingAcks.contains(ours), "Jetty answered our PING");
        assertNoProtocolErrors();
    }

    @Test
    void serverGoAwayRefusesNewRequests() throws Exception {
        start(100, config());
        Collected bye = get("/goaway");
        assertEquals(ErrorCode.NO_ERROR, (int) goAway.get(10, TimeUnit.SECONDS));
        assertEquals("server going away", goAwayDebug);
        bye.done.get(10, TimeUnit.SECONDS);
        Collected late = new Collected();
        client.call(conn -> conn.request("GET", "/hello", List.of(), null, true, late));
        assertTrue(late.done.isDone(), "refused at once");
        assertTrue(late.refused);
        assertEquals(ErrorCode.REFUSED_STREAM, late.resetCode);
        assertTrue(client.<Boolean>call(c -> c.isClosed()), "no streams left after GOAWAY: finished");
        client.transportClosed.get(10, TimeUnit.SECONDS); // we answered GOAWAY and shut our side; Jetty closed
        assertEquals(List.of(ErrorCode.NO_ERROR), new ArrayList<>(jetty.goAwaysReceived));
        System.out.println("connection events: " + connectionEvents);
        assertNoProtocolErrors();
    }

    @Test
    void largeHeadersUseContinuationAndRepeatedHeadersUseTheDynamicTable() throws Exception {
        start(100, config());
        // ~36 KB of request headers: HEADERS + CONTINUATION frames (max frame 16384) from us.
        List<HeaderField> big = new ArrayList<>();
        for (int i = 0; i < 24; i++) big.add(new HeaderField("x-big-" + i, JettyH2cServer.filler(i + 100, 1500)));
        Collected r = new Collected();
        client.post(conn -> conn.request("GET", "/headers?count=30&size=1200", big, null, true, r));
        r.await(20);
        assertEquals(200, r.status);
        assertEquals("24", r.header("x-request-big-count"));
        assertEquals(Integer.toString(24 * 1500), r.header("x-request-big-bytes"));
        // ~36 KB of response headers: Jetty must split them into CONTINUATION frames for us.
        for (int i = 0; i < 30; i++) assertEquals(JettyH2cServer.filler(i, 1200), r.header("x-resp-" + i), "x-resp-" + i);

        // Moderate repeated headers fit the 4096-octet table: the second request is mostly indexes.
        List<HeaderField> repeated = new ArrayList<>();
        for (int i = 0; i < 10; i++) repeated.add(new HeaderField("x-big-r" + i, JettyH2cServer.filler(i, 200)));
        long before = client.bytesWritten;
        Collected first = new Collected();
        client.post(conn -> conn.request("GET", "/headers?count=2&size=10", repeated, null, true, first));
        first.await(10);
        long firstBytes = client.bytesWritten - before;
        before = client.bytesWritten;
        Collected second = new Collected();
        client.post(conn -> conn.request("GET", "/headers?count=2&size=10", repeated, null, true, second));
        second.await(10);
        long secondBytes = client.bytesWritten - before;
        assertEquals("10", second.header("x-request-big-count"));
        assertEquals(Integer.toString(10 * 200), second.header("x-request-big-bytes"));
        assertTrue(secondBytes * 5 < firstBytes, "repeat request " + secondBytes + " bytes vs first " + firstBytes);
        System.out.println("repeated headers: first request " + firstBytes + " bytes on the wire, second " + secondBytes
            + "; Jetty's encoder left " + client.call(c -> c.hpackDecoderTableSize()) + " octets in our decoder's table");
        assertNoProtocolErrors();
    }

    @Test
    void trailersAndInformationalResponses() throws Exception {
        start(100, config());
        Collected t = get("/trailers").await(10);
        assertEquals("body before trailers", new String(t.bytes(), StandardCharsets.UTF_8));
        assertNotNull(t.trailers, "trailers delivered");
        assertTrue(t.trailers.contains(new HeaderField("x-checksum", "c0ffee")), t.trailers.toString());
        Collected i = get("/interim").await(10);
        assertEquals(200, i.status, "103 Early Hints skipped, final status delivered");
        assertEquals("final", new String(i.bytes(), StandardCharsets.UTF_8));
        Collected missing = get("/nope").await(10);
        assertEquals(404, missing.status);
        assertNoProtocolErrors();
    }

    @Test
    void applicationBackPressureStallsTheServerUntilDataIsConsumed() throws Exception {
        Http2Config cfg = config();
        cfg.autoConsume = false;
        cfg.initialStreamWindow = 65535;
        cfg.connectionWindow = 65535;
        start(100, cfg);
        int n = 1 << 20;
        boolean[] consuming = new boolean[1];
        Collected c = new Collected() {
            @Override
            public void onData(Http2Stream stream, byte[] data, int off, int len, boolean endStream) {
                super.onData(stream, data, off, len, endStream);
                if (consuming[0]) stream.consume(len);
            }
        };
        Http2Stream s = client.call(conn -> conn.request("GET", "/bytes?n=" + n, List.of(), null, true, c));
        Thread.sleep(500);
        int stalled = c.bytes().length;
        assertTrue(stalled > 0 && stalled <= 65535, "the server stops at our window: " + stalled);
        Thread.sleep(200);
        assertEquals(stalled, c.bytes().length, "and stays stopped while nothing is consumed");
        client.post(conn -> {
            consuming[0] = true;
            s.consume(stalled);
        });
        c.await(30);
        assertEquals(n, c.bytes().length);
        assertNoProtocolErrors();
    }

    @Test
    void serverResetAndClientCancelLeaveTheConnectionUsable() throws Exception {
        Http2Config cfg = config();
        cfg.initialStreamWindow = 65535;
        cfg.connectionWindow = 65535;
        start(100, cfg);
        Collected failed = get("/fail");
        String reason = failed.done.get(10, TimeUnit.SECONDS);
        assertNotNull(reason, "the stream was reset, not ended");
        assertEquals(200, failed.status, "headers and part of the body came before the failure");
        assertTrue(failed.resetCode > ErrorCode.NO_ERROR && !failed.refused, "reset " + reason);
        assertTrue(failed.bytes().length <= 20_000);
        System.out.println("Jetty's reset after a failing handler: " + reason);

        // Cancel a download mid-way; data already in flight must still be credited to the connection window.
        CompletableFuture<Void> someData = new CompletableFuture<>();
        Collected big = new Collected() {
            @Override
            public void onData(Http2Stream stream, byte[] data, int off, int len, boolean endStream) {
                super.onData(stream, data, off, len, endStream);
                if (bytes().length > 100_000) someData.complete(null);
            }
        };
        Http2Stream s = client.call(conn -> conn.request("GET", "/bytes?n=" + (8 << 20), List.of(), null, true, big));
        someData.get(10, TimeUnit.SECONDS);
        client.post(conn -> s.cancel());
        big.done.get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCode.CANCEL, big.resetCode);
        // With a 64 KiB connection window, a leak of credit would stall this next 1 MiB response.
        Collected next = get("/bytes?n=" + (1 << 20)).await(30);
        assertEquals(1 << 20, next.bytes().length);
        assertNoProtocolErrors();
    }

    @Test
    void clientGracefulClose() throws Exception {
        start(100, config());
        get("/hello?who=x").await(10);
        client.post(c -> c.close());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jetty.goAwaysReceived.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(List.of(ErrorCode.NO_ERROR), new ArrayList<>(jetty.goAwaysReceived));
        assertTrue(client.<Boolean>call(c -> c.isClosed()));
    }
}
