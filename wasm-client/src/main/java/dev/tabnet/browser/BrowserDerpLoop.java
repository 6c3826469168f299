package dev.tabnet.browser;

import dev.tabnet.core.Clock;
import dev.tabnet.core.derp.DerpClient;

/**
 * Drives a {@link DerpClient} in the page: each transport is a {@link BrowserWebSocket} to
 * {@code wss://host/derp} with subprotocol "derp", and the client's deadlines become setTimeout
 * timers. Everything runs on the page's event loop; call {@link #send} from it too. (Not wired into
 * the page yet; the integrator creates one per DERP region.)
 */
public final class BrowserDerpLoop {
    private final String url;
    private final DerpClient client;
    private final BrowserTimers timers;
    private BrowserWebSocket socket;
    private long socketId;
    private int timer = -1;
    private long timerAt = Clock.NEVER;
    private boolean driving;

    public BrowserDerpLoop(String url, DerpClient client, BrowserTimers timers) {
        this.url = url;
        this.client = client;
        this.timers = timers;
    }

    public void start() {
        drive();
    }

    public DerpClient client() {
        return client;
    }

    /** Sends a packet to a node key (queued by the client while disconnected). */
    public void send(byte[] dstKey, byte[] packet) {
        client.send(dstKey, packet, timers.nowNanos());
        drive();
    }

    /** Bytes the browser has buffered on the current socket (back-pressure for callers). */
    public int bufferedAmount() {
        return socket == null ? 0 : socket.bufferedAmount();
    }

    public void close() {
        client.close();
        drive();
        if (timer >= 0) timers.cancel(timer);
        timer = -1;
    }

    private void drive() {
        if (driving) return; // re-entered from a listener callback: the outer call finishes the work
        driving = true;
        try {
            long now = timers.nowNanos();
            client.onTimer(now);
            long id = client.pollDial(now);
            if (id != 0) open(id);
            for (byte[] out; (out = client.pollOutgoing()) != null; ) {
                if (socket != null) socket.send(out);
            }
            long bad = client.pollCloseTransport();
            if (bad != 0 && bad == socketId && socket != null) {
                socket.close();
                socket = null;
            }
            reschedule(client.nextDeadline(), now);
        } finally {
            driving = false;
        }
    }

    private void open(long id) {
        socketId = id;
        socket = BrowserWebSocket.open(url, "derp", new BrowserWebSocket.Listener() {
            @Override
            public void onOpen() {
                if (socket != null && !"derp".equals(socket.protocol())) {
                    client.onTransportClosed(id, "server did not accept subprotocol derp", timers.nowNanos());
                } else {
                    client.onTransportOpen(id, timers.nowNanos());
                }
                drive();
            }

            @Override
            public void onBinary(byte[] data) {
                client.onTransportData(id, data, timers.nowNanos());
                drive();
            }

            @Override
            public void onText(String text) {
                client.onTransportClosed(id, "text message from the server", timers.nowNanos());
                drive();
            }

            @Override
            public void onClose(int code, String reason) {
                client.onTransportClosed(id, "WebSocket close " + code + " " + reason, timers.nowNanos());
                drive();
            }
        });
    }

    private void reschedule(long deadline, long now) {
        if (deadline == timerAt && timer >= 0) return;
        if (timer >= 0) timers.cancel(timer);
        timer = -1;
        timerAt = deadline;
        if (deadline == Clock.NEVER) return;
        long delay = deadline == Long.MIN_VALUE ? 0 : Math.max(0, deadline - now);
        timer = timers.schedule(delay, () -> {
            timer = -1;
            timerAt = Clock.NEVER;
            drive();
        });
    }
}
