package dev.tabnet.server.control;

import dev.tabnet.core.control.noise.NoiseConn;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;

/**
 * /ts2021 over WebSocket, the only way a browser can reach the control plane
 * (controlhttpserver.acceptWebsocket): subprotocol {@code tailscale-control-protocol}, the initiation
 * in the {@code X-Tailscale-Handshake} query parameter (standard base64), binary messages carrying
 * the Noise byte stream. Like the Go server, problems with the request are reported after the
 * upgrade by closing with 1008 (policy violation). No early payload on this path.
 */
public final class Ts2021WebSocket implements Session.Listener.AutoDemanding {
    private final Ts2021Server plane;
    private final byte[] initiation;
    private final String refusal;
    private volatile Session session;
    private volatile NoiseBridge bridge;

    private Ts2021WebSocket(Ts2021Server plane, byte[] initiation, String refusal) {
        this.plane = plane;
        this.initiation = initiation;
        this.refusal = refusal;
    }

    static Ts2021WebSocket create(Ts2021Server plane, ServerUpgradeRequest req, ServerUpgradeResponse resp) {
        if (req.hasSubProtocol(Ts2021Server.UPGRADE_HEADER_VALUE)) {
            resp.setAcceptedSubProtocol(Ts2021Server.UPGRADE_HEADER_VALUE);
        } else {
            return new Ts2021WebSocket(plane, null, "client must speak the control subprotocol");
        }
        Fields query = Request.extractQueryParameters(req);
        String b64 = query.getValue(Ts2021Server.HANDSHAKE_HEADER_NAME);
        if (b64 == null || b64.isEmpty()) return new Ts2021WebSocket(plane, null, "missing Tailscale handshake parameter");
        try {
            return new Ts2021WebSocket(plane, Base64.getDecoder().decode(b64), null);
        } catch (IllegalArgumentException e) {
            return new Ts2021WebSocket(plane, null, "invalid tailscale handshake parameter");
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        if (refusal != null) {
            s.close(StatusCode.POLICY_VIOLATION, refusal, Callback.NOOP);
            return;
        }
        s.setIdleTimeout(java.time.Duration.ofMillis(NoiseHttp2Server.IDLE_TIMEOUT_MILLIS));
        NoiseConn noise = NoiseConn.server(plane.controlKey().privateKey(), plane.entropy(), System.nanoTime());
        noise.acceptInitiation(initiation);
        NoiseBridge b = new NoiseBridge(noise, plane.http2(), new Transport(), null);
        bridge = b;
        b.start();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        NoiseBridge b = bridge;
        if (b != null) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            b.fromNetwork(bytes, 0, bytes.length);
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
        NoiseBridge b = bridge;
        if (b != null) b.close("text message on a binary protocol");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        NoiseBridge b = bridge;
        if (b != null) b.networkClosed("WebSocket closed " + statusCode + " " + reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        NoiseBridge b = bridge;
        if (b != null) b.networkClosed("WebSocket error " + cause);
    }

    private final class Transport implements NoiseBridge.Transport {
        @Override
        public void write(ByteBuffer bytes, Consumer<Throwable> done) {
            session.sendBinary(bytes, Callback.from(() -> done.accept(null), done::accept));
        }

        @Override
        public void close(String reason) {
            Session s = session;
            if (s != null && s.isOpen()) s.close(StatusCode.NORMAL, truncate(reason), Callback.NOOP);
        }

        @Override
        public String name() {
            return "websocket";
        }

        @Override
        public String remoteAddress() {
            Session s = session;
            return s == null ? "" : AddressText.of(s.getRemoteSocketAddress());
        }

        @Override
        public String userAgent() {
            Session s = session;
            String ua = s == null ? null : s.getUpgradeRequest().getHeader("User-Agent");
            return ua == null ? "" : ua;
        }
    }

    /** Close reasons must fit a control frame (123 bytes). */
    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
