package dev.tabnet.web;

import dev.tabnet.browser.BrowserClock;
import dev.tabnet.browser.BrowserEntropy;
import dev.tabnet.browser.BrowserHttp;
import dev.tabnet.browser.BrowserTimers;
import dev.tabnet.browser.BrowserWebSocket;
import dev.tabnet.console.node.DownloadSink;
import dev.tabnet.console.node.NodePlatform;
import dev.tabnet.core.Entropy;

/**
 * The node's platform in a tab: performance.now(), Date.now(), crypto.getRandomValues, setTimeout,
 * binary WebSockets and fetch, all on the page's one event loop. Every callback into the node is
 * guarded: an exception from the node becomes an error the page shows, instead of an uncaught
 * Wasm trap that would leave the tab silently stuck.
 */
final class BrowserNodePlatform implements NodePlatform {
    /** Where failures escaping the node's callbacks go (the page shows them with a Retry button). */
    interface Failures {
        void failed(String where, Throwable t);
    }

    private final BrowserTimers timers;
    private final Entropy entropy;
    private final Failures failures;

    /** Throws IllegalStateException when the browser has no crypto.getRandomValues: no keys, no start. */
    BrowserNodePlatform(BrowserTimers timers, Failures failures) {
        this.timers = timers;
        this.entropy = BrowserEntropy.create();
        this.failures = failures;
    }

    @Override
    public long nowNanos() {
        return timers.nowNanos();
    }

    @Override
    public long unixTimeMillis() {
        return BrowserClock.unixTimeMillis();
    }

    @Override
    public Entropy entropy() {
        return entropy;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        BrowserTimer t = new BrowserTimer();
        t.id = timers.schedule(delayNanos, () -> {
            if (t.cancelled) return;
            t.cancelled = true;
            guard("timer", task);
        });
        return t;
    }

    @Override
    public void afterPendingInput(Runnable task) {
        timers.post(() -> guard("WebSocket message", task));
    }

    @Override
    public Socket openWebSocket(String url, String subprotocol, SocketListener listener) {
        GuardedSocket s = new GuardedSocket();
        s.ws = BrowserWebSocket.open(url, subprotocol, new BrowserWebSocket.Listener() {
            @Override
            public void onOpen() {
                if (!s.closedByUs) guard("WebSocket open", listener::onOpen);
            }

            @Override
            public void onBinary(byte[] data) {
                if (!s.closedByUs) guard("WebSocket message", () -> listener.onBinary(data));
            }

            @Override
            public void onText(String text) {
                // ts2021 and DERP are binary protocols; a text frame means we reached something else.
                if (s.closedByUs) return;
                s.close();
                guard("WebSocket message", () -> listener.onClose(1003, "unexpected text message from the server"));
            }

            @Override
            public void onClose(int code, String reason) {
                if (s.notified) return;
                s.notified = true;
                guard("WebSocket close", () -> listener.onClose(code, reason));
            }
        });
        return s;
    }

    @Override
    public DownloadSink openDownload(String fileName, long size) {
        return new BlobDownloadSink(fileName, size);
    }

    @Override
    public void httpGet(String url, HttpCallback callback) {
        BrowserHttp.get(url, new BrowserHttp.Callback() {
            @Override
            public void onResponse(int status, String body) {
                guard("HTTP response", () -> callback.onResponse(status, body));
            }

            @Override
            public void onError(String message) {
                guard("HTTP error", () -> callback.onError("GET " + url + " failed: " + message));
            }
        });
    }

    /** Runs a callback of the node; what it throws is reported, never left to JS. */
    void guard(String where, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            failures.failed(where, t);
        }
    }

    private final class BrowserTimer implements Timer {
        int id;
        boolean cancelled;

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                timers.cancel(id);
            }
        }
    }

    /** After close() the node hears nothing more from this socket (NodePlatform's contract). */
    private static final class GuardedSocket implements Socket {
        BrowserWebSocket ws;
        boolean closedByUs;
        boolean notified;

        @Override
        public void send(byte[] data) {
            if (!closedByUs) ws.send(data);
        }

        @Override
        public long bufferedAmount() {
            return ws.bufferedAmount();
        }

        @Override
        public void close() {
            if (closedByUs) return;
            closedByUs = true;
            notified = true;
            ws.close();
        }
    }
}
