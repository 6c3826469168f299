package dev.tabnet.server.derp;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * DERP on the raw connection after {@code GET /derp} with {@code Upgrade: DERP} and our 101 response
 * (what non-browser Tailscale clients use). Jetty hands the endpoint over once the 101 is written.
 */
final class DerpUpgradeConnection extends AbstractConnection implements Connection.UpgradeTo, RelayTransport {
    private final DerpRelay relay;
    private final ByteBuffer in = ByteBuffer.allocate(64 << 10);
    private volatile RelayConnection conn;
    private ByteBuffer early;

    DerpUpgradeConnection(EndPoint endPoint, Executor executor, DerpRelay relay) {
        super(endPoint, executor);
        this.relay = relay;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            early = ByteBuffer.allocate(buffer.remaining());
            early.put(buffer).flip();
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(DerpWebSocket.IDLE_TIMEOUT.toMillis());
        conn = relay.newConnection(this);
        conn.onOpen(); // may deliver input on another thread at once: conn must be set first
    }

    @Override
    public void onFillable() {
        try {
            BufferUtil.clear(in); // Jetty fills at the limit: start empty (position = limit = 0)
            int n = getEndPoint().fill(in);
            if (n < 0) {
                conn.onTransportClosed("EOF");
                getEndPoint().close();
                return;
            }
            if (n == 0) {
                fillInterested();
                return;
            }
            conn.onBytes(in.array(), in.position(), in.remaining());
        } catch (Throwable e) {
            conn.onTransportClosed("read failed: " + e);
            getEndPoint().close(e);
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        RelayConnection c = conn;
        if (c != null) c.onTransportClosed(cause == null ? "closed" : String.valueOf(cause));
    }

    // ---- RelayTransport ----

    @Override
    public void write(ByteBuffer data, Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure) {
        getEndPoint().write(Callback.from(onSuccess, onFailure), data);
    }

    @Override
    public void demand() {
        ByteBuffer e = early;
        if (e != null) {
            early = null;
            byte[] b = new byte[e.remaining()];
            e.get(b);
            getExecutor().execute(() -> conn.onBytes(b, 0, b.length));
            return;
        }
        if (getEndPoint().isOpen()) fillInterested();
    }

    @Override
    public void close(String reason) {
        getEndPoint().close();
    }

    @Override
    public String remote() {
        return String.valueOf(getEndPoint().getRemoteSocketAddress());
    }
}
