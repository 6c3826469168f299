package dev.tabnet.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.wireguard.WireGuardDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two engines on two real UDP sockets (loopback), each driven by its own event loop. */
class WireGuardUdpLoopTest {
    private static final byte[] IP_A = {10, 1, 0, 1};
    private static final byte[] IP_B = {10, 1, 0, 2};

    private static byte[] packet(byte[] src, byte[] dst, int n) {
        byte[] p = new byte[20 + n];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        for (int i = 20; i < p.length; i++) p[i] = (byte) i;
        return p;
    }

    @Test
    void packetsCrossRealUdpSocketsBothWays() throws Exception {
        SecureEntropy e = new SecureEntropy();
        byte[] aPriv = X25519.generatePrivateKey(e), bPriv = X25519.generatePrivateKey(e);
        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice a = WireGuardUdpLoop.newDevice(aPriv, null, clock);
        WireGuardDevice b = WireGuardUdpLoop.newDevice(bPriv, null, clock);
        LinkedBlockingQueue<byte[]> atA = new LinkedBlockingQueue<>(), atB = new LinkedBlockingQueue<>();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (WireGuardUdpLoop la = new WireGuardUdpLoop(a, clock, loopback, (dev, p, now) -> atA.add(p.packet)).start();
             WireGuardUdpLoop lb = new WireGuardUdpLoop(b, clock, loopback, (dev, p, now) -> atB.add(p.packet)).start()) {
            InetSocketAddress aAddr = la.localAddress(), bAddr = lb.localAddress();
            la.call(dev -> {
                dev.addPeer(b.publicKey());
                dev.addAllowedIp(b.publicKey(), IP_B, 32);
                dev.setEndpoint(b.publicKey(), bAddr);
                return null;
            });
            lb.call(dev -> { // B learns A's endpoint from the handshake
                dev.addPeer(a.publicKey());
                dev.addAllowedIp(a.publicKey(), IP_A, 32);
                return null;
            });
            for (int i = 0; i < 50; i++) la.sendIpPacket(packet(IP_A, IP_B, 100 + i));
            for (int i = 0; i < 50; i++) {
                byte[] got = atB.poll(5, TimeUnit.SECONDS);
                assertNotNull(got, "packet " + i);
                assertArrayEquals(packet(IP_A, IP_B, 100 + i), got);
            }
            assertEquals(aAddr, lb.call(dev -> dev.peer(a.publicKey()).endpoint()));
            byte[] back = packet(IP_B, IP_A, 1000);
            lb.sendIpPacket(back);
            assertArrayEquals(back, atA.poll(5, TimeUnit.SECONDS));
            assertEquals("", la.call(WireGuardDevice::dropSummary) + lb.call(WireGuardDevice::dropSummary));
        }
    }

    @Test
    void cookieBindingIsAddressAndLittleEndianPort() throws Exception {
        byte[] b = WireGuardUdpLoop.udpEndpointBytes(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0x1234));
        assertArrayEquals(new byte[] {127, 0, 0, 1, 0x34, 0x12}, b);
    }

    @Test
    void timerSourcesShareTheLoopThread() throws Exception {
        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice d = WireGuardUdpLoop.newDevice(X25519.generatePrivateKey(new SecureEntropy()), null, clock);
        LinkedBlockingQueue<String> fired = new LinkedBlockingQueue<>();
        try (WireGuardUdpLoop loop = new WireGuardUdpLoop(d, clock, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (dev, p, now) -> { }).start()) {
            long due = clock.nowNanos() + 50_000_000L;
            loop.addTimerSource(new WireGuardUdpLoop.TimerSource() {
                long deadline = due;

                @Override
                public long nextDeadline() {
                    return deadline;
                }

                @Override
                public void onTimer(long nowNanos) {
                    deadline = Clock.NEVER;
                    fired.add(Thread.currentThread().getName() + (nowNanos >= due ? " on time" : " early"));
                }
            });
            String got = fired.poll(5, TimeUnit.SECONDS);
            assertNotNull(got, "timer source was not called");
            assertEquals(true, got.startsWith("wireguard-udp-") && got.endsWith(" on time"), got);
        }
    }
}
