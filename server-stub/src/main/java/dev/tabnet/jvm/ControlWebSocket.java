package dev.tabnet.jvm;

import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.noise.NoiseConn;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a core {@link ControlConnection} over a java.net.http WebSocket to {@code /ts2021}, exactly
 * as a browser tab does (initiation in the query string, subprotocol, binary messages of at most
 * 32 KiB). One lock guards the single-threaded core: every call into it goes through {@link #call}
 * or the socket's callbacks, and output is sent in order after each.
 */
public final class ControlWebSocket implements WebSocket.Listener, AutoCloseable {
    public static final String SUBPROTOCOL = "tailscale-control-protocol";

    private final ControlConnection conn;
    private WebSocket ws;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    private ControlWebSocket(ControlConnection conn) {
        this.conn = conn;
    }

    /** Opens {@code ws://<authority>/ts2021?X-Tailscale-Handshake=…} for {@code conn}. */
    public static ControlWebSocket connect(URI controlUrl, ControlConnection conn, Duration timeout) throws IOException, InterruptedException {
        ControlWebSocket c = new ControlWebSocket(conn);
        String b64 = Base64.getEncoder().encodeToString(conn.initiationMessage());
        URI uri = URI.create("ws://" + controlUrl.getRawAuthority() + "/ts2021?" + Ts2021Dialer.HANDSHAKE_HEADER_NAME + "="
                + URLEncoder.encode(b64, StandardCharsets.UTF_8));
        WebSocket ws;
        try {
            ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(timeout)
                    .buildAsync(uri, c).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket to /ts2021 failed: " + e.getMessage(), e);
        }
        synchronized (c) {
            c.ws = ws;
            c.pump(); // requests queued before the socket opened
        }
        return c;
    }

    /** Runs {@code action} on the core (e.g. starting a request) and sends what it produced. */
    public synchronized <T> T call(Supplier<T> action) {
        T r = action.get();
        pump();
        return r;
    }

    /** Completes with a reason once the WebSocket closed. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        WebSocket w;
        synchronized (this) {
            w = ws;
        }
        if (w == null) return;
        // Wait for the server's close frame (onClose); give up after a few seconds.
        w.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((x, e) ->
                CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(() -> {
                    if (!closed.isDone()) {
                        w.abort();
                        finish("aborted: no close frame from the server");
                    }
                }));
    }

    private void pump() {
        if (ws == null) return;
        while (conn.hasNetworkOutput()) {
            ByteBuffer m = ByteBuffer.wrap(conn.takeNetworkOutput(NoiseConn.MAX_WEBSOCKET_MESSAGE));
            tail = tail.thenCompose(x -> ws.sendBinary(m, true));
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (this) {
            conn.onNetworkBytes(b, 0, b.length, System.nanoTime());
            pump();
        }
        w.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        w.abort();
        finish("unexpected text message");
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
        finish("WebSocket closed " + code + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
        finish("WebSocket error " + error);
    }

    private void finish(String why) {
        synchronized (this) {
            conn.onTransportClosed();
        }
        closed.complete(why);
    }
}
