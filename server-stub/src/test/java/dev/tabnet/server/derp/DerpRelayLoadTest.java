package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 100 000 packets each way between two JVM clients through the real Jetty relay over loopback
 * WebSocket (and the same over HTTP Upgrade): none lost, none reordered, contents intact.
 */
class DerpRelayLoadTest {
    private static final int PACKETS = 100_000;

    /** Checks sequence numbers and contents on arrival (on the receiving loop's thread). */
    private static final class SequenceChecker implements DerpClientListener {
        final AtomicLong next = new AtomicLong();
        final AtomicReference<String> error = new AtomicReference<>();
        volatile NodeKey expectedSource;

        @Override
        public void onPacket(NodeKey source, byte[] data, long nowNanos) {
            long seq = next.get();
            if (!source.equals(expectedSource)) error.compareAndSet(null, "packet from " + source);
            else if (!Bytes.constantTimeEquals(data, packet(seq))) error.compareAndSet(null, "packet " + seq + " wrong: got seq " + (data.length >= 8 ? Bytes.i64be(data, 0) : -1));
            next.incrementAndGet();
        }
    }

    /** Packet seq: 8-byte sequence number then a seq-dependent pattern; 60..1439 bytes like WireGuard traffic. */
    static byte[] packet(long seq) {
        byte[] p = new byte[60 + (int) ((seq * 7919) % 1380)];
        Bytes.put64be(p, 0, seq);
        for (int i = 8; i < p.length; i++) p[i] = (byte) (seq + i);
        return p;
    }

    private static void sendAll(DerpClientLoop from, byte[] to) throws InterruptedException {
        for (long s = 0; s < PACKETS; s++) {
            from.send(to, packet(s));
            // Local back-pressure, as a socket buffer would give: don't run ahead of the transport.
            if ((s & 255) == 0) while (from.transportBacklog() > (2 << 20)) Thread.sleep(1);
        }
    }

    private void exchange(RelayHarness h, DerpTransport.Factory ta, DerpTransport.Factory tb, String label) throws Exception {
        SequenceChecker atB = new SequenceChecker(), atA = new SequenceChecker();
        DerpClientLoop a = h.client(ta, null, new dev.tabnet.core.derp.DerpClientConfig(), atA);
        DerpClientLoop b = h.client(tb, null, new dev.tabnet.core.derp.DerpClientConfig(), atB);
        assertTrue(a.awaitLogins(1, Duration.ofSeconds(10)) && b.awaitLogins(1, Duration.ofSeconds(10)));
        atB.expectedSource = NodeKey.of(a.publicKey());
        atA.expectedSource = NodeKey.of(b.publicKey());
        long t0 = System.nanoTime();
        Thread ab = new Thread(() -> {
            try {
                sendAll(a, b.publicKey());
            } catch (InterruptedException ignored) {
                // test over
            }
        });
        ab.start();
        sendAll(b, a.publicKey());
        ab.join();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((atA.next.get() < PACKETS || atB.next.get() < PACKETS) && System.nanoTime() < deadline
                && atA.error.get() == null && atB.error.get() == null) {
            Thread.sleep(10);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(null, atB.error.get(), "a→b");
        assertEquals(null, atA.error.get(), "b→a");
        assertEquals(PACKETS, atB.next.get(), "a→b all delivered");
        assertEquals(PACKETS, atA.next.get(), "b→a all delivered");
        long bytes = 0;
        for (long s = 0; s < PACKETS; s++) bytes += packet(s).length;
        System.out.printf("%s: 2 x %d packets (%.1f MB) in %.2f s = %.0f packets/s, %.1f MB/s; relay queue drops %d, back-pressure pauses %d%n",
                label, PACKETS, 2 * bytes / 1e6, secs, 2 * PACKETS / secs, 2 * bytes / 1e6 / secs,
                h.relay.stats().droppedQueueFull.get(), h.relay.stats().backPressureWaits.get());
        assertEquals(0, h.relay.stats().droppedQueueFull.get());
    }

    @Test
    void hundredThousandPacketsEachWayOverWebSocket() throws Exception {
        try (RelayHarness h = new RelayHarness(new DerpRelayConfig())) {
            exchange(h, h.webSocket(), h.webSocket(), "WebSocket");
        }
    }

    @Test
    void hundredThousandPacketsEachWayWebSocketToHttpUpgrade() throws Exception {
        try (RelayHarness h = new RelayHarness(new DerpRelayConfig())) {
            exchange(h, h.webSocket(), h.httpUpgrade(), "WebSocket <-> Upgrade: DERP");
        }
    }
}
