package dev.tabnet.console.node;

import dev.tabnet.core.derp.DerpClient;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.WebSocketReadLimit;

/**
 * One DERP region's connection: a core {@link DerpClient} whose transports are platform
 * WebSockets ({@code ws(s)://host/derp}, subprotocol "derp"). The client decides when to dial and
 * how long to back off; this class only moves its bytes and reports events back to the node,
 * which calls {@link #drive} from its own drive loop.
 */
final class RelayLink {
    final int regionId;
    final String url;
    final DerpClient client;
    private final NodePlatform platform;
    private final Runnable wake;
    private final Runnable wakeAfterInput;
    private NodePlatform.Socket socket;
    private long socketId;

    RelayLink(int regionId, String url, boolean home, byte[] nodePrivateKey, NodePlatform platform, DerpClientListener listener,
            Runnable wake, Runnable wakeAfterInput) {
        this.regionId = regionId;
        this.url = url;
        this.platform = platform;
        this.wake = wake;
        this.wakeAfterInput = wakeAfterInput;
        DerpClientConfig c = new DerpClientConfig();
        c.preferred = home;
        this.client = new DerpClient(nodePrivateKey, platform.entropy(), c, listener);
    }

    /** Timers, dials, writes and closes the client asks for; call after every event. */
    void drive(long now) {
        client.onTimer(now);
        long id = client.pollDial(now);
        if (id != 0) open(id);
        for (byte[] out; (out = client.pollOutgoing()) != null; ) {
            if (socket != null) socket.send(out);
        }
        long bad = client.pollCloseTransport();
        if (bad != 0 && bad == socketId && socket != null) {
            NodePlatform.Socket s = socket;
            socket = null;
            s.close();
        }
    }

    long nextDeadline() {
        return client.nextDeadline();
    }

    /** Stops for good (the client closes its transport at the next drive, done here). */
    void close(long now) {
        client.close();
        drive(now);
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private void open(long id) {
        socketId = id;
        boolean[] closed = new boolean[1];
        // Both platforms hand over whole messages of any size: let a relay of ours batch more.
        String dialUrl = WebSocketReadLimit.ask(url, WebSocketReadLimit.MAX);
        NodePlatform.Socket s = platform.openWebSocket(dialUrl, DerpConstants.WEBSOCKET_SUBPROTOCOL, new NodePlatform.SocketListener() {
            @Override
            public void onOpen() {
                client.onTransportOpen(id, platform.nowNanos());
                wake.run();
            }

            @Override
            public void onBinary(byte[] data) {
                client.onTransportData(id, data, platform.nowNanos());
                wakeAfterInput.run(); // the ACKs for a batch of messages leave in one write
            }

            @Override
            public void onClose(int code, String reason) {
                closed[0] = true;
                if (socketId == id) socket = null;
                client.onTransportClosed(id, "WebSocket closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")",
                        platform.nowNanos());
                wake.run();
            }
        });
        // The platform may already have reported a failure synchronously.
        if (!closed[0] && socketId == id) socket = s;
    }
}
