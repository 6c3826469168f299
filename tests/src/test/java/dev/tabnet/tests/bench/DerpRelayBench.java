package dev.tabnet.tests.bench;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import dev.tabnet.jvm.HttpUpgradeDerpTransport;
import dev.tabnet.jvm.WebSocketDerpTransport;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.derp.DerpRelayConfig;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DERP relay on the JVM (the real ServerStub's Jetty on loopback, WebSocket transport) moving
 * packets from one JVM DERP client to another, next to the same number of same-size datagrams
 * through a loopback UDP socket pair: the relay's cost over the plainest packet path the machine has.
 */
final class DerpRelayBench {
    /** A full WireGuard datagram at the tunnel MTU of 1420 (1420 + 32 bytes of WireGuard framing). */
    static final int PACKET = 1452;
    static final int PACKETS = 200_000;

    private DerpRelayBench() {}

    static void run(BenchResults results) throws Exception {
        double[] udp = loopbackUdp();
        double[] relay = relay(false);
        double[] upgrade = relay(true);
        results.add(new Figure("derp.relay.pps", "DERP relay packets/s (JVM, WebSocket, 1 stream)", "packets/s").value(relay[0])
                .baseline("loopback UDP", udp[0])
                .note(PACKETS + " packets of " + PACKET + " B; UDP delivered " + (long) udp[2] + " of " + PACKETS)
                .detail("relayedPackets", (long) relay[2]).detail("udpDelivered", (long) udp[2]));
        results.add(new Figure("derp.relay.MBps", "DERP relay payload MB/s", "MB/s").value(relay[1])
                .baseline("loopback UDP", udp[1]));
        results.add(new Figure("derp.relay.upgrade.pps", "DERP relay packets/s over HTTP Upgrade: DERP", "packets/s").value(upgrade[0])
                .baseline("loopback UDP", udp[0]).detail("MBps", upgrade[1]));
    }

    /** {packets/s, MB/s, packets delivered}. */
    static double[] relay(boolean httpUpgrade) throws Exception {
        SecureEntropy e = new SecureEntropy();
        DerpRelay relay = new DerpRelay(X25519.generatePrivateKey(e), e, new DerpRelayConfig());
        try (ServerStub stub = new ServerStub(ServerConfig.defaults().port(0).bind("127.0.0.1"), relay).start()) {
            DerpTransport.Factory ws = httpUpgrade ? HttpUpgradeDerpTransport.factory(new InetSocketAddress("127.0.0.1", stub.port()))
                    : WebSocketDerpTransport.factory(URI.create("ws://127.0.0.1:" + stub.port() + "/derp"));
            AtomicLong received = new AtomicLong(), bytes = new AtomicLong(), lastArrival = new AtomicLong();
            DerpClientListener counter = new DerpClientListener() {
                @Override
                public void onPacket(NodeKey source, byte[] data, long nowNanos) {
                    bytes.addAndGet(data.length);
                    received.incrementAndGet();
                    lastArrival.set(System.nanoTime());
                }
            };
            try (DerpClientLoop a = new DerpClientLoop(X25519.generatePrivateKey(e), e, new DerpClientConfig(), ws, DerpClientLoop.systemClock(), (src, data, now) -> { }).start();
                 DerpClientLoop b = new DerpClientLoop(X25519.generatePrivateKey(e), e, new DerpClientConfig(), ws, DerpClientLoop.systemClock(), counter).start()) {
                if (!a.awaitLogins(1, Duration.ofSeconds(10)) || !b.awaitLogins(1, Duration.ofSeconds(10))) throw new IllegalStateException("DERP clients did not log in");
                byte[] to = b.publicKey();
                send(a, to, 5_000); // warm-up (JIT, buffers)
                awaitCount(received, 5_000, 20);
                received.set(0);
                bytes.set(0);
                long t0 = System.nanoTime();
                send(a, to, PACKETS);
                awaitCount(received, PACKETS, 60);
                double secs = (lastArrival.get() - t0) / 1e9;
                if (received.get() < PACKETS) throw new IllegalStateException("relay delivered " + received.get() + " of " + PACKETS
                        + " (queue drops " + relay.stats().droppedQueueFull.get() + ")");
                return new double[] {received.get() / secs, bytes.get() / 1e6 / secs, received.get()};
            }
        }
    }

    private static void send(DerpClientLoop from, byte[] to, int n) throws InterruptedException {
        for (int s = 0; s < n; s++) {
            byte[] p = new byte[PACKET];
            p[0] = (byte) s;
            from.send(to, p);
            // Local back-pressure, as a socket buffer would give.
            if ((s & 127) == 0) while (from.transportBacklog() > (1 << 20)) Thread.sleep(0, 200_000);
        }
    }

    private static void awaitCount(AtomicLong n, long want, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (n.get() < want && System.nanoTime() < end) Thread.sleep(2);
    }

    /** {packets/s, MB/s, packets delivered}: a blocking sender and a receiving thread on 127.0.0.1. */
    static double[] loopbackUdp() throws Exception {
        try (DatagramChannel rx = DatagramChannel.open(); DatagramChannel tx = DatagramChannel.open()) {
            rx.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            rx.bind(new InetSocketAddress("127.0.0.1", 0));
            tx.connect(rx.getLocalAddress());
            AtomicLong received = new AtomicLong(), lastArrival = new AtomicLong();
            Thread receiver = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(65536);
                try {
                    while (true) {
                        buf.clear();
                        rx.receive(buf);
                        received.incrementAndGet();
                        lastArrival.set(System.nanoTime());
                    }
                } catch (Exception closed) {
                    // channel closed: done
                }
            }, "udp-baseline-rx");
            receiver.setDaemon(true);
            receiver.start();
            ByteBuffer p = ByteBuffer.allocateDirect(PACKET);
            for (int i = 0; i < 5_000; i++) {
                p.clear();
                tx.write(p);
            }
            Thread.sleep(200);
            received.set(0);
            long t0 = System.nanoTime();
            for (int i = 0; i < PACKETS; i++) {
                p.clear();
                tx.write(p);
            }
            // Done when nothing has arrived for 300 ms (UDP may drop what the receiver could not take).
            while (true) {
                long before = received.get();
                Thread.sleep(300);
                if (received.get() == before) break;
            }
            double secs = (lastArrival.get() - t0) / 1e9;
            long n = received.get();
            return new double[] {n / secs, n * (double) PACKET / 1e6 / secs, n};
        }
    }
}
