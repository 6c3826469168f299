package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory DERP link a node in the relay's own JVM uses (the built-in node): the real relay
 * and real DERP clients on both ends, one of them over a WebSocket.
 */
class InProcessDerpLinkTest {
    private static final Duration T = Duration.ofSeconds(10);
    private RelayHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) h.close();
    }

    @Test
    void anInProcessClientAndAWebSocketClientExchangePacketsInOrder() throws Exception {
        h = new RelayHarness(new DerpRelayConfig());
        PacketCollector inProcess = new PacketCollector(), remote = new PacketCollector();
        DerpClientLoop a = h.client(InProcessDerpLink.factory(h.relay), inProcess);
        DerpClientLoop b = h.client(h.webSocket(), remote);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T), "both logged in (ServerKey, ClientInfo, ServerInfo)");
        assertTrue(h.relay.isConnected(a.publicKey()), "the relay registered the in-process client's key");

        for (int i = 0; i < 2000; i++) a.send(b.publicKey(), packet(i, 1200));
        for (int i = 0; i < 2000; i++) {
            PacketCollector.Received r = remote.next(T);
            assertNotNull(r, "packet " + i + " reached the WebSocket client");
            assertArrayEquals(packet(i, 1200), r.data, "packet " + i + " in order and intact");
            assertEquals(NodeKey.of(a.publicKey()), r.source);
        }
        b.send(a.publicKey(), packet(7, DerpConstants.MAX_PACKET_SIZE));
        PacketCollector.Received back = inProcess.next(T);
        assertNotNull(back);
        assertArrayEquals(packet(7, DerpConstants.MAX_PACKET_SIZE), back.data, "a maximum-size packet the other way");
    }

    @Test
    void aNodeThatHasNotConsumedItsInputHoldsBackTheRelayAndItsSenders() throws Exception {
        h = new RelayHarness(new DerpRelayConfig());
        Gate gate = new Gate();
        PacketCollector inProcess = new PacketCollector(), remote = new PacketCollector();
        DerpTransport.Factory link = InProcessDerpLink.factory(h.relay);
        DerpClientLoop a = h.client(events -> link.open(gate.wrap(events)), inProcess);
        DerpClientLoop b = h.client(h.webSocket(), remote);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T));

        gate.close();
        int packets = 3000; // about 3.6 MB: far over the relay's 1 MB high-water mark
        for (int i = 0; i < packets; i++) b.send(a.publicKey(), packet(i, 1200));
        long deadline = System.nanoTime() + T.toNanos();
        while (h.relay.stats().backPressureWaits.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(h.relay.stats().backPressureWaits.get() > 0, "the relay paused the sender while the node did not consume");
        assertEquals(1, gate.held(), "one relay write is outstanding until the node consumed it");
        assertTrue(inProcess.packets.isEmpty());

        gate.open();
        for (int i = 0; i < packets; i++) {
            PacketCollector.Received r = inProcess.next(T);
            assertNotNull(r, "packet " + i + " arrived once the node consumed again");
            assertArrayEquals(packet(i, 1200), r.data, "packet " + i);
        }
        assertEquals(0, h.relay.stats().droppedQueueFull.get(), "paused, not dropped");
    }

    @Test
    void closingEitherEndTellsTheOther() throws Exception {
        h = new RelayHarness(new DerpRelayConfig());
        PacketCollector inProcess = new PacketCollector();
        DerpClientLoop a = h.client(InProcessDerpLink.factory(h.relay), inProcess);
        assertTrue(a.awaitLogins(1, T));

        assertTrue(h.relay.closeClient(a.publicKey(), "removed by the test"));
        String why = inProcess.disconnects.poll(T.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(why, "the node heard the relay close the link");
        assertTrue(a.awaitLogins(2, T), "and dialled a new link");

        a.close();
        long deadline = System.nanoTime() + T.toNanos();
        while (h.relay.isConnected(a.publicKey()) && System.nanoTime() < deadline) Thread.sleep(5);
        assertFalse(h.relay.isConnected(a.publicKey()), "the relay dropped the client whose node closed the link");
    }

    private static byte[] packet(int i, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putInt(i);
        for (int k = 4; k < size; k++) p[k] = (byte) (i * 31 + k);
        return p;
    }

    /** Between the link and the node: while closed, data is held and not reported consumed. */
    private static final class Gate {
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();
        private boolean closed;
        private final AtomicInteger heldCount = new AtomicInteger();

        DerpTransport.Events wrap(DerpTransport.Events node) {
            return new DerpTransport.Events() {
                @Override
                public void onOpen() {
                    node.onOpen();
                }

                @Override
                public void onData(byte[] data) {
                    onData(data, () -> {});
                }

                @Override
                public void onData(byte[] data, Runnable consumed) {
                    synchronized (Gate.this) {
                        if (closed) {
                            held.add(() -> node.onData(data, consumed));
                            heldCount.incrementAndGet();
                            return;
                        }
                    }
                    node.onData(data, consumed);
                }

                @Override
                public void onClosed(String reason) {
                    node.onClosed(reason);
                }
            };
        }

        synchronized void close() {
            closed = true;
        }

        int held() {
            return heldCount.get();
        }

        void open() {
            ArrayDeque<Runnable> release;
            synchronized (this) {
                closed = false;
                release = new ArrayDeque<>(held);
                held.clear();
            }
            for (Runnable r : release) r.run();
        }
    }
}
