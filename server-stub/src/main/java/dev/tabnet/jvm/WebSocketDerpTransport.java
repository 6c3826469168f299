package dev.tabnet.jvm;

import dev.tabnet.core.derp.DerpConstants;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DERP over java.net.http's WebSocket client: {@code ws://host:port/derp}, subprotocol "derp",
 * binary messages; incoming messages (or message parts) are just stream bytes.
 */
public final class WebSocketDerpTransport implements DerpTransport {
    /** 32 KiB: the largest message a Tailscale DERP server's WebSocket reader takes (coder/websocket's default). */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    private final Events events;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private WebSocket ws;
    private boolean sending;

    private WebSocketDerpTransport(Events events) {
        this.events = events;
    }

    /** A factory dialling uri (e.g. ws://127.0.0.1:8080/derp) with one shared HttpClient. */
    public static Factory factory(URI uri) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return events -> {
            WebSocketDerpTransport t = new WebSocketDerpTransport(events);
            http.newWebSocketBuilder()
                    .subprotocols(DerpConstants.WEBSOCKET_SUBPROTOCOL)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, t.listener())
                    .whenComplete((w, e) -> {
                        if (e != null) t.closedWith("dial failed: " + e);
                    });
            return t;
        };
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket w) {
                synchronized (WebSocketDerpTransport.this) {
                    ws = w;
                }
                if (!DerpConstants.WEBSOCKET_SUBPROTOCOL.equals(w.getSubprotocol())) {
                    w.abort();
                    closedWith("server did not accept subprotocol derp");
                    return;
                }
                w.request(1);
                events.onOpen();
                pump();
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                events.onData(b);
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                w.abort();
                closedWith("text message from server");
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                closedWith("WebSocket close " + statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closedWith("WebSocket error " + error);
            }
        };
    }

    @Override
    public void send(byte[] data) {
        if (closed.get()) return;
        synchronized (this) {
            queue.add(data);
        }
        pending.addAndGet(data.length);
        pump();
    }

    private void pump() {
        byte[] next;
        WebSocket w;
        synchronized (this) {
            if (sending || ws == null || queue.isEmpty() || closed.get()) return;
            sending = true;
            next = takeBatchLocked();
            w = ws;
        }
        int n = next.length;
        w.sendBinary(ByteBuffer.wrap(next), true).whenComplete((x, e) -> {
            pending.addAndGet(-n);
            synchronized (this) {
                sending = false;
            }
            if (e != null) closedWith("send failed: " + e);
            else pump();
        });
    }

    /**
     * java.net.http allows one outstanding send, so one message per DERP frame caps a busy node at
     * one frame per send round trip. The stream is what counts (the relay reads messages as stream
     * bytes), so whatever queued up meanwhile goes out as one message, up to MAX_MESSAGE_BYTES.
     */
    private byte[] takeBatchLocked() {
        return ByteChunks.takeJoined(queue, MAX_MESSAGE_BYTES);
    }

    @Override
    public long pendingBytes() {
        return pending.get();
    }

    private void closedWith(String reason) {
        if (!closed.compareAndSet(false, true)) return;
        events.onClosed(reason);
    }

    @Override
    public void close() {
        WebSocket w;
        synchronized (this) {
            w = ws;
        }
        if (closed.compareAndSet(false, true) && w != null) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((x, e) -> w.abort());
        } else if (w != null) {
            w.abort();
        }
    }
}
