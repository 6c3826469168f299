package dev.tabnet.server.derp;

import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.WebSocketReadLimit;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * DERP over a Jetty WebSocket: subprotocol "derp", binary messages only, treated as a byte stream
 * (a message may hold several frames or part of one). Not auto-demanding, so the relay decides when
 * the next message is read.
 */
public final class DerpWebSocket implements Session.Listener, RelayTransport {
    /** Longer than the client's 120 s read timeout; the relay's KeepAlives keep it from firing. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(180);
    static final long MAX_MESSAGE = 2L << 20;

    private final DerpRelay relay;
    private volatile Session session;
    private volatile RelayConnection conn;
    private volatile int closeCode = StatusCode.POLICY_VIOLATION;

    /** The message size this client reads (its ask in the URL, within limits). */
    private final int maxWriteBytes;

    private DerpWebSocket(DerpRelay relay, int maxWriteBytes) {
        this.relay = relay;
        this.maxWriteBytes = maxWriteBytes;
    }

    /** The creator for the /derp mapping: insists on the derp subprotocol and no extensions. */
    static WebSocketCreator creator(DerpRelay relay) {
        return (req, resp, cb) -> {
            if (!req.hasSubProtocol(DerpConstants.WEBSOCKET_SUBPROTOCOL)) {
                Response.writeError(req, resp, cb, 400, "DERP over WebSocket needs subprotocol " + DerpConstants.WEBSOCKET_SUBPROTOCOL);
                return null;
            }
            resp.setAcceptedSubProtocol(DerpConstants.WEBSOCKET_SUBPROTOCOL);
            resp.setExtensions(List.of()); // permessage-deflate off, as derpserver
            return new DerpWebSocket(relay, WebSocketReadLimit.granted(req.getHttpURI().getQuery()));
        };
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        s.setIdleTimeout(IDLE_TIMEOUT);
        s.setMaxBinaryMessageSize(MAX_MESSAGE);
        s.setMaxFrameSize(MAX_MESSAGE);
        conn = relay.newConnection(this);
        conn.onOpen(); // may deliver input on another thread at once: conn must be set first
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        callback.succeed();
        conn.onBytes(b, 0, b.length);
    }

    @Override
    public void onWebSocketText(String message) {
        closeCode = StatusCode.BAD_DATA; // as Tailscale's wsconn: 1003 "unsupported data"
        conn.close("text WebSocket message (DERP is binary only): unsupported data");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (conn != null) conn.onTransportClosed("WebSocket close " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (conn != null) conn.onTransportClosed("WebSocket error " + cause);
    }

    // ---- RelayTransport ----

    @Override
    public void write(ByteBuffer data, Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure) {
        session.sendBinary(data, Callback.from(onSuccess, onFailure));
    }

    @Override
    public void demand() {
        Session s = session;
        if (s != null && s.isOpen()) s.demand();
    }

    @Override
    public void close(String reason) {
        Session s = session;
        if (s == null) return;
        String r = reason.length() > 120 ? reason.substring(0, 120) : reason; // close reasons are capped at 123 bytes
        s.close(closeCode, r, Callback.NOOP);
    }

    @Override
    public int maxWriteBytes() {
        return maxWriteBytes;
    }

    @Override
    public String remote() {
        Session s = session;
        return s == null ? "?" : String.valueOf(s.getRemoteSocketAddress());
    }
}
