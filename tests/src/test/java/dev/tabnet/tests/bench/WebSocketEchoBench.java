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
 * The baseline for keystroke echo: one-byte messages from a headless Chromium tab to a bare
 * Jetty WebSocket echo endpoint on localhost and back, one at a time, timed in the tab with
 * performance.now(). The full path (keystroke → WireGuard → DERP → SSH → echo) is compared with it.
 */
final class WebSocketEchoBench {
    static final int SAMPLES = 1000;

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

    /** {p50 ms, p99 ms} of the raw echo. */
    @SuppressWarnings("unchecked")
    static double[] measure(Chromium chromium, String anyPageUrl) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandler root = new ContextHandler("/");
        root.setHandler(WebSocketUpgradeHandler.from(server, root, c -> c.addMapping("/echo", (req, resp, cb) -> new Echo())));
        server.setHandler(root);
        server.start();
        try {
            chromium.driver().get(anyPageUrl);
            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
            Map<String, Object> r = (Map<String, Object>) chromium.driver().executeAsyncScript(
                    "var done = arguments[arguments.length - 1], n = arguments[0], rtts = [], t0 = 0;"
                    + "var ws = new WebSocket(arguments[1]);"
                    + "ws.onerror = function () { done({error: 'websocket error'}); };"
                    + "function ping() { t0 = performance.now(); ws.send('k'); }"
                    + "ws.onopen = ping;"
                    + "ws.onmessage = function () { rtts.push(performance.now() - t0);"
                    + "  if (rtts.length < n + 50) { ping(); return; }"
                    + "  var s = rtts.slice(50).sort(function (a, b) { return a - b; });"
                    + "  done({p50: s[Math.floor(s.length * 0.5)], p99: s[Math.floor(s.length * 0.99)], n: s.length}); ws.close(); };",
                    SAMPLES, "ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
            if (r.containsKey("error")) throw new IllegalStateException("raw WebSocket echo: " + r.get("error"));
            return new double[] {((Number) r.get("p50")).doubleValue(), ((Number) r.get("p99")).doubleValue()};
        } finally {
            server.stop();
        }
    }
}
