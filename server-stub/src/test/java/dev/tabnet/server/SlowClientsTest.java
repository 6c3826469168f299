package dev.tabnet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import dev.tabnet.jvm.WebSocketDerpTransport;
import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.derp.DerpRelayConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris against the server: request heads dribbled a byte at a time, requests that stall,
 * WebSockets to /derp that upgrade and then say nothing or dribble. Each is closed by the limit
 * meant for it (first-request-head deadline, connector idle timeout, relay accept deadline), and
 * while a crowd of them is connected the page is served and a relayed pair keeps talking.
 */
class SlowClientsTest {
    private static final long IDLE_MS = 3_000, HEAD_MS = 1_000, ACCEPT_MS = 1_000;
    private ServerStub stub;
    private DerpRelay relay;
    private final List<SocketChannel> sockets = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        SecureEntropy e = new SecureEntropy();
        DerpRelayConfig c = new DerpRelayConfig();
        c.acceptTimeoutMillis = ACCEPT_MS;
        relay = new DerpRelay(X25519.generatePrivateKey(e), e, c);
        stub = new ServerStub(ServerConfig.defaults().port(0).bind("127.0.0.1").idleTimeoutMillis(IDLE_MS).requestHeadTimeoutMillis(HEAD_MS), relay).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (SocketChannel s : sockets) s.close();
        for (AutoCloseable c : clients) c.close();
        stub.close();
    }

    @Test
    void theDefaultsAreExplicit() throws Exception {
        assertEquals(IDLE_MS, stub.idleTimeoutMillis());
        try (ServerStub d = new ServerStub(ServerConfig.defaults().port(0)).start()) {
            assertEquals(30_000, d.idleTimeoutMillis(), "product default: 30 s idle timeout on the HTTP connector");
        }
        assertEquals(10_000, ServerConfig.defaults().requestHeadTimeoutMillis());
    }

    @Test
    void aRequestHeadDribbledFasterThanTheIdleTimeoutIsCutAtTheHeadDeadline() throws Exception {
        SocketChannel s = open();
        write(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        long t0 = System.nanoTime();
        long closedAfter = -1;
        for (int i = 0; i < 60 && closedAfter < 0; i++) { // one byte per 100 ms for up to 6 s: idle never fires
            try {
                write(s, "a");
            } catch (IOException reset) {
                closedAfter = (System.nanoTime() - t0) / 1_000_000;
                break;
            }
            if (readEof(s, 100)) closedAfter = (System.nanoTime() - t0) / 1_000_000;
        }
        assertTrue(closedAfter >= HEAD_MS - 200 && closedAfter < HEAD_MS + 1_000, "closed after " + closedAfter + " ms");
    }

    @Test
    void keepAliveAfterAFullRequestIsLeftToTheIdleTimeout() throws Exception {
        SocketChannel s = open();
        String get = "GET /tabnet.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        write(s, get);
        assertTrue(readUntil(s, "HTTP/1.1 200", 2_000));
        Thread.sleep(HEAD_MS + 500); // past the head deadline: a connection that sent a request is not cut
        write(s, get);
        assertTrue(readUntil(s, "HTTP/1.1 200", 2_000), "second request on the same connection answered");
        long t0 = System.nanoTime();
        assertTrue(readEof(s, IDLE_MS + 2_000), "closed by the idle timeout");
        long after = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(after >= IDLE_MS - 500, "not before the idle timeout: " + after + " ms");
    }

    @Test
    void aCrowdOfSlowClientsIsClosedWhileThePageAndTheRelayKeepWorking() throws Exception {
        // A relayed pair that must keep talking during the attack.
        DerpTransport.Factory ws = WebSocketDerpTransport.factory(URI.create("ws://127.0.0.1:" + stub.port() + "/derp"));
        SecureEntropy e = new SecureEntropy();
        AtomicLong delivered = new AtomicLong();
        DerpClientLoop a = new DerpClientLoop(X25519.generatePrivateKey(e), e, new DerpClientConfig(), ws, DerpClientLoop.systemClock(), (src, d, now) -> { });
        DerpClientLoop b = new DerpClientLoop(X25519.generatePrivateKey(e), e, new DerpClientConfig(), ws, DerpClientLoop.systemClock(),
                (src, d, now) -> delivered.incrementAndGet());
        clients.add(a.start());
        clients.add(b.start());
        assertTrue(a.awaitLogins(1, Duration.ofSeconds(10)) && b.awaitLogins(1, Duration.ofSeconds(10)));

        Map<SocketChannel, String> crowd = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            SocketChannel h = open(); // a plain HTTP request head, dribbled
            write(h, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            crowd.put(h, "dribbled HTTP head");
            SocketChannel silent = openDerpWebSocket(); // upgraded, then nothing
            crowd.put(silent, "silent DERP WebSocket");
            SocketChannel drip = openDerpWebSocket(); // upgraded, then a ClientInfo frame a byte at a time
            crowd.put(drip, "dribbled DERP ClientInfo");
            SocketChannel stalled = open(); // half a request line, then nothing
            write(stalled, "GET /ind");
            crowd.put(stalled, "stalled HTTP request line");
        }
        byte[] clientInfo = dripClientInfo();
        HttpClient http = HttpClient.newHttpClient();
        long t0 = System.nanoTime();
        int step = 0;
        long pageMaxMs = 0;
        Map<SocketChannel, Long> closedAt = new HashMap<>();
        while (closedAt.size() < crowd.size() && System.nanoTime() - t0 < 6_000_000_000L) {
            for (Map.Entry<SocketChannel, String> c : crowd.entrySet()) {
                if (closedAt.containsKey(c.getKey())) continue;
                boolean closed;
                try {
                    if (c.getValue().equals("dribbled HTTP head")) write(c.getKey(), "a");
                    if (c.getValue().equals("dribbled DERP ClientInfo") && step < clientInfo.length) {
                        c.getKey().write(ByteBuffer.wrap(clientInfo, step, 1));
                    }
                    closed = readEof(c.getKey(), 0);
                } catch (IOException reset) {
                    closed = true;
                }
                if (closed) closedAt.put(c.getKey(), (System.nanoTime() - t0) / 1_000_000);
            }
            step++;
            a.send(b.publicKey(), new byte[] {(byte) step});
            long p0 = System.nanoTime();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(stub.pageUrl())).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            pageMaxMs = Math.max(pageMaxMs, (System.nanoTime() - p0) / 1_000_000);
            Thread.sleep(100);
        }
        for (Map.Entry<SocketChannel, String> c : crowd.entrySet()) {
            Long at = closedAt.get(c.getKey());
            assertTrue(at != null, c.getValue() + " still open after 6 s");
            assertTrue(at < Math.max(HEAD_MS, ACCEPT_MS) + 1_500, c.getValue() + " closed only after " + at + " ms");
        }
        assertTrue(pageMaxMs < 1_000, "the page answered within 1 s throughout (worst " + pageMaxMs + " ms)");
        long want = step;
        long end = System.nanoTime() + 5_000_000_000L;
        while (delivered.get() < want && System.nanoTime() < end) Thread.sleep(10);
        assertEquals(want, delivered.get(), "every packet of the pair was relayed during the attack");
        assertEquals(2, relay.clientCount(), "only the pair is registered");
        assertTrue(relay.recentCloses().stream().anyMatch(r -> r.contains("no ClientInfo within " + ACCEPT_MS + " ms")), relay.recentCloses().toString());
    }

    // ---- raw sockets ----

    private SocketChannel open() throws IOException {
        SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", stub.port()));
        s.configureBlocking(false);
        sockets.add(s);
        return s;
    }

    private SocketChannel openDerpWebSocket() throws Exception {
        SocketChannel s = open();
        write(s, "GET /derp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: derp\r\n\r\n");
        if (!readUntil(s, "HTTP/1.1 101", 2_000)) throw new IOException("no WebSocket upgrade");
        return s;
    }

    /** A real ClientInfo frame in one masked WebSocket message (RFC 6455 5.2), to be sent a byte at a time. */
    private byte[] dripClientInfo() throws Exception {
        SecureEntropy e = new SecureEntropy();
        byte[] priv = X25519.generatePrivateKey(e);
        byte[] p = Frames.frame(FrameType.CLIENT_INFO, ClientInfo.standard("slow").seal(priv, X25519.publicKey(priv), relay.publicKey(), e));
        byte[] f = new byte[2 + 2 + 4 + p.length];
        f[0] = (byte) 0x82;
        f[1] = (byte) (0x80 | 126);
        f[2] = (byte) (p.length >>> 8);
        f[3] = (byte) p.length;
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        System.arraycopy(mask, 0, f, 4, 4);
        for (int i = 0; i < p.length; i++) f[8 + i] = (byte) (p[i] ^ mask[i & 3]);
        return f;
    }

    private static void write(SocketChannel s, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) s.write(b);
    }

    /** Reads what is there (waiting up to ms); true once the server has closed its side. */
    private static boolean readEof(SocketChannel s, long ms) throws IOException {
        try (Selector sel = Selector.open()) {
            s.register(sel, SelectionKey.OP_READ);
            long end = System.nanoTime() + ms * 1_000_000L;
            ByteBuffer b = ByteBuffer.allocate(65536);
            do {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left > 0) sel.select(left);
                else sel.selectNow();
                sel.selectedKeys().clear();
                int n;
                try {
                    while ((n = s.read(b)) > 0) b.clear();
                } catch (IOException reset) {
                    return true;
                }
                if (n < 0) return true;
            } while (System.nanoTime() < end);
            return false;
        }
    }

    private static boolean readUntil(SocketChannel s, String marker, long ms) throws IOException {
        try (Selector sel = Selector.open()) {
            s.register(sel, SelectionKey.OP_READ);
            StringBuilder got = new StringBuilder();
            long end = System.nanoTime() + ms * 1_000_000L;
            ByteBuffer b = ByteBuffer.allocate(65536);
            while (System.nanoTime() < end) {
                sel.select(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                sel.selectedKeys().clear();
                int n = s.read(b);
                if (n < 0) return false;
                got.append(new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1));
                b.clear();
                if (got.indexOf(marker) >= 0) return true;
            }
            return false;
        }
    }
}
