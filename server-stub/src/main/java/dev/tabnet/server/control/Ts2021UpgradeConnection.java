package dev.tabnet.server.control;

import dev.tabnet.core.control.noise.NoiseConn;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The raw byte stream of an HTTP/1.1 connection after {@code 101 Switching Protocols} to
 * {@code tailscale-control-protocol}. Jetty installs it via the request attribute
 * {@code HttpStream.UPGRADE_CONNECTION_ATTRIBUTE} once the 101 response is written (the same
 * mechanism Jetty's WebSocket upgrade uses), so no hijacking is needed. Bytes the client sent after
 * its request arrive through {@link UpgradeTo}.
 */
final class Ts2021UpgradeConnection extends AbstractConnection implements Connection.UpgradeTo {
    private final NoiseBridge bridge;
    private final ByteBuffer buffer = BufferUtil.allocate(8192);
    private ByteBuffer leftover;

    private final String userAgent;

    Ts2021UpgradeConnection(EndPoint endPoint, java.util.concurrent.Executor executor, Ts2021Server plane, byte[] initiation, String userAgent) {
        super(endPoint, executor);
        this.userAgent = userAgent == null ? "" : userAgent;
        NoiseConn noise = NoiseConn.server(plane.controlKey().privateKey(), plane.entropy(), System.nanoTime());
        noise.acceptInitiation(initiation);
        this.bridge = new NoiseBridge(noise, plane.http2(), new Transport(), plane::earlyPayload);
    }

    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        if (BufferUtil.hasContent(prefilled)) {
            leftover = BufferUtil.copy(prefilled);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(NoiseHttp2Server.IDLE_TIMEOUT_MILLIS);
        bridge.start();
        if (leftover != null) {
            byte[] b = new byte[leftover.remaining()];
            leftover.get(b);
            leftover = null;
            bridge.fromNetwork(b, 0, b.length);
        }
        fillInterested();
    }

    @Override
    public void onFillable() {
        try {
            while (true) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n > 0) {
                    byte[] b = new byte[buffer.remaining()];
                    buffer.get(b);
                    bridge.fromNetwork(b, 0, b.length);
                } else if (n == 0) {
                    if (getEndPoint().isOpen()) fillInterested();
                    return;
                } else {
                    bridge.networkClosed("peer closed the upgraded connection");
                    return;
                }
            }
        } catch (Exception e) {
            bridge.networkClosed("read failed: " + e);
        }
    }

    @Override
    public void onClose(Throwable cause) {
        bridge.networkClosed(cause == null ? "connection closed" : "connection closed: " + cause);
        super.onClose(cause);
    }

    private final class Transport implements NoiseBridge.Transport {
        @Override
        public void write(ByteBuffer bytes, Consumer<Throwable> done) {
            getEndPoint().write(Callback.from(() -> done.accept(null), done::accept), bytes);
        }

        @Override
        public void close(String reason) {
            getEndPoint().close();
        }

        @Override
        public String name() {
            return "http-upgrade";
        }

        @Override
        public String remoteAddress() {
            return AddressText.of(getEndPoint().getRemoteSocketAddress());
        }

        @Override
        public String userAgent() {
            return userAgent;
        }
    }
}
