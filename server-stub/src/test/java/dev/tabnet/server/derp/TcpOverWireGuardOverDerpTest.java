package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.wireguard.OutgoingDatagram;
import dev.tabnet.core.wireguard.ReceivedPacket;
import dev.tabnet.core.wireguard.WireGuardDevice;
import dev.tabnet.jvm.BlockingTcpServer;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import dev.tabnet.jvm.NetStackDriver;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The browser's data path on the JVM: TCP (our stack) over WireGuard (our engine) over DERP (our
 * client) through the Jetty relay. The relay drops each side's connection mid-transfer; the DERP
 * clients redial and resend what they queued, so the TCP stream only pauses and arrives intact.
 */
class TcpOverWireGuardOverDerpTest {
    /** One node: DERP client loop thread running the WireGuard device and the TCP/IP stack. */
    private static final class Node implements AutoCloseable {
        final byte[] key = X25519.generatePrivateKey(new SecureEntropy());
        final WireGuardDevice wg = new WireGuardDevice(key, new SecureEntropy(), null);
        final Clock clock = DerpClientLoop.systemClock();
        final DerpClientLoop derp;
        final NetStackDriver ip;

        Node(RelayHarness h, DerpTransport.Factory transport, IpAddress addr) {
            wg.setUnixTimeOffsetNanos(System.currentTimeMillis() * 1_000_000L - clock.nowNanos());
            NetStackConfig c = new NetStackConfig();
            c.ipv4 = addr;
            Node self = this;
            DerpClientListener fromDerp = (src, data, now) -> {
                wg.handleDatagram(data, 0, data.length, src.bytes(), now);
                self.pump(now);
            };
            derp = h.client(key, transport, fromDerp, new DerpClientConfig()); // node key = WireGuard key
            ip = new NetStackDriver(new NetStack(c, new SecureEntropy()), clock, derp::execute, packet -> {
                long now = clock.nowNanos();
                wg.sendIpPacket(packet, 0, packet.length, now);
                pump(now);
            });
            // WireGuard's timers run on the DERP loop thread, woken at the device's own deadline.
            derp.execute(() -> derp.addTimerSource(new dev.tabnet.jvm.WireGuardUdpLoop.TimerSource() {
                @Override
                public long nextDeadline() {
                    return wg.pollTimeout();
                }

                @Override
                public void onTimer(long now) {
                    wg.handleTimers(now);
                    pump(now);
                }
            }));
        }

        /** On the loop thread: WireGuard datagrams out via DERP, decrypted packets into the stack. */
        void pump(long now) {
            for (OutgoingDatagram d; (d = wg.pollDatagram()) != null; ) {
                byte[] to = d.peerPublicKey != null ? d.peerPublicKey : (byte[]) d.endpoint;
                derp.client().send(to, d.data, now);
            }
            for (ReceivedPacket r; (r = wg.pollIpPacket()) != null; ) ip.onInboundPacket(r.packet);
        }

        void peerWith(Node other, IpAddress otherAddr) throws Exception {
            byte[] pub = other.wg.publicKey();
            derp.call(() -> {
                wg.addPeer(pub);
                wg.addAllowedIp(pub, otherAddr.bytes(), 32);
                wg.setEndpoint(pub, pub); // over DERP the endpoint is the node key
                return null;
            });
        }

        @Override
        public void close() {
            ip.close();
        }
    }

    @Test
    void tcpStreamSurvivesRelayDroppingEachSide() throws Exception {
        IpAddress aAddr = IpAddress.parse("100.64.0.1"), bAddr = IpAddress.parse("100.64.0.2");
        ExecutorService apps = Executors.newFixedThreadPool(2);
        try (RelayHarness h = new RelayHarness(new DerpRelayConfig());
             Node a = new Node(h, h.webSocket(), aAddr);
             Node b = new Node(h, h.httpUpgrade(), bAddr)) {
            assertTrue(a.derp.awaitLogins(1, Duration.ofSeconds(10)) && b.derp.awaitLogins(1, Duration.ofSeconds(10)));
            a.peerWith(b, bAddr);
            b.peerWith(a, aAddr);
            int size = 6 << 20;
            byte[] data = new byte[size];
            new java.util.Random(7).nextBytes(data);
            try (BlockingTcpServer server = new BlockingTcpServer(b.ip, 7000)) {
                BlockingTcpSocket client = BlockingTcpSocket.connect(a.ip, bAddr, 7000, 10_000);
                BlockingTcpSocket accepted = server.accept(10_000);
                assertNotNull(accepted);
                Future<?> writer = apps.submit(() -> {
                    OutputStream out = client.getOutputStream();
                    for (int off = 0; off < size; off += 65536) out.write(data, off, Math.min(65536, size - off));
                    out.close();
                    return null;
                });
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                InputStream in = accepted.getInputStream();
                byte[] buf = new byte[65536];
                long total = 0;
                boolean droppedA = false, droppedB = false;
                long t0 = System.nanoTime();
                for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
                    got.update(buf, 0, n);
                    total += n;
                    if (!droppedA && total > size / 4) {
                        droppedA = h.relay.closeClient(a.derp.publicKey(), "test: drop the sender");
                    }
                    if (!droppedB && total > size / 2) {
                        droppedB = h.relay.closeClient(b.derp.publicKey(), "test: drop the receiver");
                    }
                }
                writer.get(60, TimeUnit.SECONDS);
                double secs = (System.nanoTime() - t0) / 1e9;
                assertEquals(size, total);
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest());
                assertTrue(droppedA && droppedB, "both sides were dropped by the relay mid-transfer");
                assertTrue(a.derp.logins() >= 2 && b.derp.logins() >= 2, "both redialled: " + a.derp.logins() + ", " + b.derp.logins());
                System.out.printf("TCP over WireGuard over DERP: %d MB in %.2f s (%.1f MB/s) with two relay-side drops%n",
                        size >> 20, secs, size / 1e6 / secs);
            }
        } finally {
            apps.shutdownNow();
        }
    }
}
