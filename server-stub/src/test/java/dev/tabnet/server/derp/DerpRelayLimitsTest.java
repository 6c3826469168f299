package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.jvm.DerpClientLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-client rate limit and per-destination back-pressure, measured on the real relay. */
class DerpRelayLimitsTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void perClientRateLimitPacesTheSender() throws Exception {
        DerpRelayConfig c = new DerpRelayConfig();
        c.rateLimitBytesPerSecond = 200_000;
        try (RelayHarness h = new RelayHarness(c)) {
            RawDerpSocket a = h.raw(), b = h.raw();
            assertNotNull(a.login());
            assertNotNull(b.login());
            int n = 40, size = 10_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) a.send(Frames.sendPacket(b.publicKey, new byte[size]));
            for (int i = 0; i < n; i++) assertNotNull(b.nextOfType(FrameType.RECV_PACKET, T), "packet " + i);
            double secs = (System.nanoTime() - t0) / 1e9;
            long body = (long) n * (size + 32);
            // The bucket starts full; a frame is handled before the wait its bytes cause, so the last
            // frame's own debt is not part of the elapsed time.
            double minimum = (body - DerpRelayConfig.MIN_RATE_LIMIT_BUCKET - (size + 32)) / 200_000.0;
            System.out.printf("rate limit 200000 B/s: %d bytes took %.2f s (bucket allows >= %.2f s)%n", body, secs, minimum);
            assertTrue(secs >= minimum * 0.95, "paced: " + secs + " s");
            assertTrue(secs < minimum + 3, "not stalled: " + secs + " s");
            assertTrue(h.relay.stats().rateLimitWaits.get() > 0);
            assertEquals(2, h.relay.clientCount(), "pacing is not a disconnect");
        }
    }

    @Test
    void aReceiverThatStopsReadingPausesItsSenderWithoutLoss() throws Exception {
        try (RelayHarness h = new RelayHarness(new DerpRelayConfig())) {
            DerpClientLoop a = h.client(h.webSocket(), new PacketCollector());
            assertTrue(a.awaitLogins(1, T));
            RawDerpSocket b = h.raw();
            assertNotNull(b.login());
            b.pause();
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                byte[] p = new byte[1000];
                Bytes.put32be(p, 0, i);
                a.send(b.publicKey, p);
            }
            long deadline = System.nanoTime() + T.toNanos();
            while (h.relay.stats().backPressureWaits.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertTrue(h.relay.stats().backPressureWaits.get() > 0, "relay paused the sender");
            Thread.sleep(500);
            b.resume();
            for (int i = 0; i < n; i++) {
                Frame f = b.nextOfType(FrameType.RECV_PACKET, T);
                assertNotNull(f, "packet " + i);
                assertEquals(i, Bytes.i32be(f.body, 32), "in order");
            }
            assertEquals(0, h.relay.stats().droppedQueueFull.get());
        }
    }

    @Test
    void aReceiverThatNeverReadsDoesNotBlockTheSendersOtherPeers() throws Exception {
        DerpRelayConfig c = new DerpRelayConfig();
        c.queueHighWaterBytes = 256 << 10;
        c.queueLowWaterBytes = 64 << 10;
        c.queueHardLimitBytes = 1 << 20;
        c.backPressureMaxWaitMillis = 200;
        try (RelayHarness h = new RelayHarness(c)) {
            PacketCollector cc = new PacketCollector();
            DerpClientLoop a = h.client(h.webSocket(), new PacketCollector());
            DerpClientLoop other = h.client(h.webSocket(), cc);
            assertTrue(a.awaitLogins(1, T) && other.awaitLogins(1, T));
            RawDerpSocket stuck = h.raw();
            assertNotNull(stuck.login());
            stuck.pause();
            int n = 300;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 20; k++) a.send(stuck.publicKey, new byte[10_000]); // 60 MB at a wall
                byte[] p = new byte[4];
                Bytes.put32be(p, 0, i);
                a.send(other.publicKey(), p);
                if ((i & 15) == 0) while (a.transportBacklog() > (4 << 20)) Thread.sleep(1);
            }
            for (int i = 0; i < n; i++) {
                PacketCollector.Received r = cc.packets.poll(T.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(r, "packet " + i + " to the healthy peer");
                assertEquals(i, Bytes.i32be(r.data, 0));
            }
            assertTrue(h.relay.stats().droppedQueueFull.get() > 0, "the stuck receiver's queue overflowed and dropped");
            System.out.printf("stuck receiver: %d packets dropped at its queue, %d sender pauses%n",
                    h.relay.stats().droppedQueueFull.get(), h.relay.stats().backPressureWaits.get());
        }
    }
}
