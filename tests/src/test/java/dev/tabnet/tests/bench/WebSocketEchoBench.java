package dev.tabnet.tests.bench;

import dev.tabnet.tests.browser.Chromium;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The raw WebSocket echo: one-byte messages from a headless Chromium tab to a bare Jetty
 * WebSocket echo endpoint on localhost and back, one at a time, timed in the tab with
 * performance.now(), here in a page with nothing else on it. SshInTabBench uses the same endpoint
 * for the keystroke echo's baseline, written into the session's terminal.
 * Also the other direction's ceiling: how fast the same tab takes in bare binary messages from
 * Jetty (what every relayed byte of a download goes through before our code sees it).
 */
final class WebSocketEchoBench {
    static final int SAMPLES = 1000;
    /** Pause between an echo and the next send (0: back to back), for both echo measurements. */
    static final int ECHO_GAP_MS = Integer.getInteger("bench.echoGapMs", 0);
    /**
     * Echoes sent first and left out of both echo figures (-Dbench.echoWarmup=N), so that both are
     * measured after the same start-up (first-use compilation in Chromium and in the bench JVM).
     */
    static final int ECHO_WARMUP = Integer.getInteger("bench.echoWarmup", 1000);
    /** Both echoes pause PAUSE_MS after every PAUSE_EVERY samples (the full path clears bash's line then). */
    static final int PAUSE_EVERY = 40, PAUSE_MS = 20;
    static final int DOWNLOAD_BYTES = 32_000_000;
    /** The size of the relay's WebSocket messages to a busy tab (RelayConnection's write batch). */
    static final int DOWNLOAD_MESSAGE_BYTES = 32 << 10;

    private WebSocketEchoBench() {}

    /** Session listener that sends every text message straight back. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }
    }

    /** On "go": DOWNLOAD_BYTES in binary messages, one send outstanding at a time (as the relay writes), then "end". */
    public static final class Firehose implements Session.Listener.AutoDemanding {
        private Session session;
        private long sent;
        private final byte[] message = new byte[DOWNLOAD_MESSAGE_BYTES];

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            sent = 0;
            next();
        }

        private void next() {
            if (sent >= DOWNLOAD_BYTES) {
                session.sendText("end", Callback.NOOP);
                return;
            }
            int n = (int) Math.min(message.length, DOWNLOAD_BYTES - sent);
            sent += n;
            session.sendBinary(java.nio.ByteBuffer.wrap(message, 0, n), Callback.from(this::next, e -> session.close()));
        }
    }

    /** A bare Jetty on loopback with /echo and /firehose, kept up while the page's figures are measured. */
    static final class Endpoint implements AutoCloseable {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);

        Endpoint() throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler root = new ContextHandler("/");
            root.setHandler(WebSocketUpgradeHandler.from(server, root, c -> {
                c.addMapping("/echo", (req, resp, cb) -> new Echo());
                c.addMapping("/firehose", (req, resp, cb) -> new Firehose());
            }));
            server.setHandler(root);
            server.start();
        }

        String url(String path) {
            return "ws://127.0.0.1:" + connector.getLocalPort() + path;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** {p50 ms, p99 ms} of the raw echo in a page with nothing else on it, and the raw download in MB/s. */
    @SuppressWarnings("unchecked")
    static double[] measure(Chromium chromium, String anyPageUrl, Endpoint endpoint) throws Exception {
        chromium.driver().get(anyPageUrl);
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(180));
        Map<String, Object> r = (Map<String, Object>) chromium.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1], n = arguments[0], gap = arguments[2], warm = arguments[3], every = arguments[4], pause = arguments[5], rtts = [], t0 = 0;"
                + "var ws = new WebSocket(arguments[1]);"
                + "ws.onerror = function () { done({error: 'websocket error'}); };"
                + "function ping() { t0 = performance.now(); ws.send('k'); }"
                + "ws.onopen = ping;"
                + "ws.onmessage = function () { rtts.push(performance.now() - t0);"
                + "  if (rtts.length < n + warm) { if (rtts.length % every === 0) setTimeout(ping, pause); else if (gap > 0) setTimeout(ping, gap); else ping(); return; }"
                + "  var s = rtts.slice(warm).sort(function (a, b) { return a - b; });"
                + "  done({p50: s[Math.floor(s.length * 0.5)], p99: s[Math.floor(s.length * 0.99)], n: s.length}); ws.close(); };",
                SAMPLES, endpoint.url("/echo"), ECHO_GAP_MS, ECHO_WARMUP, PAUSE_EVERY, PAUSE_MS);
        if (r.containsKey("error")) throw new IllegalStateException("raw WebSocket echo: " + r.get("error"));
        // The download: the tab copies each message into a typed array (as the page's adapter
        // must to hand it to Wasm) and counts; timed from "go" to "end".
        Map<String, Object> d = (Map<String, Object>) chromium.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1], bytes = 0, t0 = 0, sink = new Uint8Array(1 << 16);"
                + "var ws = new WebSocket(arguments[0]); ws.binaryType = 'arraybuffer';"
                + "ws.onerror = function () { done({error: 'websocket error'}); };"
                + "ws.onclose = function () { done({error: 'closed after ' + bytes + ' bytes'}); };"
                + "ws.onopen = function () { t0 = performance.now(); ws.send('go'); };"
                + "ws.onmessage = function (e) { if (typeof e.data === 'string') { ws.onclose = null; done({ms: performance.now() - t0, bytes: bytes}); ws.close(); return; }"
                + "  var a = new Uint8Array(e.data); sink.set(a.subarray(0, Math.min(a.length, sink.length))); bytes += a.length; };",
                endpoint.url("/firehose"));
        if (d.containsKey("error")) throw new IllegalStateException("raw WebSocket download: " + d.get("error"));
        double ms = ((Number) d.get("ms")).doubleValue();
        long got = ((Number) d.get("bytes")).longValue();
        if (got != DOWNLOAD_BYTES) throw new IllegalStateException("raw WebSocket download: " + got + " of " + DOWNLOAD_BYTES + " bytes");
        return new double[] {((Number) r.get("p50")).doubleValue(), ((Number) r.get("p99")).doubleValue(), DOWNLOAD_BYTES / 1e6 / (ms / 1000)};
    }
}
