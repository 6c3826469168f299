package dev.tabnet.web.selftest;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.netstack.PingCallback;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.core.wireguard.OutgoingDatagram;
import dev.tabnet.core.wireguard.ReceivedPacket;
import dev.tabnet.core.wireguard.WireGuardConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;

/**
 * Two complete nodes in one tab: TCP/IP stack over WireGuard engine, joined back to back, on a
 * virtual clock that jumps to the next deadline. Node A pings B and streams a byte pattern to B's
 * listener, which checks every byte; the WireGuard handshake happens on the first packet.
 */
final class TunnelTransferCheck {
    static final int TRANSFER_BYTES = 4 * 1024 * 1024;
    static final int PORT = 7;
    private static final IpAddress ADDR_A = IpAddress.parse("100.64.0.2");
    private static final IpAddress ADDR_B = IpAddress.parse("100.64.0.1");
    private static final long MAX_STEPS = 2_000_000;

    private final Node a, b;
    private long now = Clock.seconds(1000);

    private TunnelTransferCheck(Entropy entropy) {
        a = new Node("A", ADDR_A, entropy);
        b = new Node("B", ADDR_B, entropy);
        a.peerWith(b);
        b.peerWith(a);
    }

    static void run(SelfTestReport report, Entropy entropy) {
        TunnelTransferCheck t = new TunnelTransferCheck(entropy);
        long[] pingRtt = {-1};
        t.a.stack.ping(ADDR_B, new byte[56], new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] data) {
                pingRtt[0] = rttNanos;
            }

            @Override
            public void onTimeout(IpAddress to, int sequence) {
                report.fail("tunnel: ping through the tunnel timed out");
            }
        });
        t.runUntil(() -> pingRtt[0] >= 0);
        report.put("pingReplied", pingRtt[0] >= 0);

        PatternReceiver receiver = new PatternReceiver();
        t.b.stack.listen(PORT, socket -> receiver);
        PatternSender sender = new PatternSender(TRANSFER_BYTES);
        double start = CoreSelfTest.wallMillis();
        t.a.stack.connect(ADDR_B, PORT, sender);
        t.runUntil(() -> receiver.eof);
        double ms = Math.max(CoreSelfTest.wallMillis() - start, 0.001);

        report.put("handshakeCompleted", t.a.device.peer(t.b.device.publicKey()).hasCurrentKeypair());
        report.put("tcpBytesReceived", receiver.received);
        report.put("tcpFirstMismatch", receiver.firstMismatch);
        report.putRate("tunnelTcpMBps", TRANSFER_BYTES / 1e6 / (ms / 1000));
        if (receiver.received != TRANSFER_BYTES) report.fail("tunnel: received " + receiver.received + " of " + TRANSFER_BYTES + " bytes");
        if (receiver.firstMismatch >= 0) report.fail("tunnel: stream differs at byte " + receiver.firstMismatch);
        String drops = t.a.device.dropSummary() + t.b.device.dropSummary();
        report.put("wireguardDrops", drops);
    }

    interface Condition {
        boolean holds();
    }

    /** Moves packets and fires timers until done, or fails on a stall or the step bound. */
    private void runUntil(Condition done) {
        for (long steps = 0; !done.holds(); steps++) {
            if (steps > MAX_STEPS) throw new IllegalStateException("livelock: step bound exceeded");
            if (a.exchange(b, now) | b.exchange(a, now)) continue;
            long next = Math.min(a.deadline(), b.deadline());
            if (next == Clock.NEVER) throw new IllegalStateException("stalled: nothing in flight, no timer pending");
            now = Math.max(now, next);
            a.fireTimers(now);
            b.fireTimers(now);
        }
    }

    /** One tailnet node: its WireGuard engine with the TCP/IP stack on top. */
    private static final class Node {
        final String name;
        final IpAddress address;
        final WireGuardDevice device;
        final NetStack stack;

        Node(String name, IpAddress address, Entropy entropy) {
            this.name = name;
            this.address = address;
            device = new WireGuardDevice(X25519.generatePrivateKey(entropy), entropy, new WireGuardConfig());
            device.setUnixTimeOffsetNanos(Clock.seconds(1_700_000_000L));
            NetStackConfig config = new NetStackConfig();
            config.ipv4 = address;
            stack = new NetStack(config, entropy);
        }

        void peerWith(Node other) {
            device.addPeer(other.device.publicKey());
            device.addAllowedIp(other.device.publicKey(), other.address.bytes(), 32);
            device.setEndpoint(other.device.publicKey(), other.name);
        }

        /** Stack → engine → wire → other engine → other stack; true if anything moved. */
        boolean exchange(Node other, long now) {
            boolean moved = false;
            for (byte[] p; (p = stack.pollOutbound()) != null; moved = true) device.sendIpPacket(p, 0, p.length, now);
            for (OutgoingDatagram d; (d = device.pollDatagram()) != null; moved = true) {
                other.device.handleDatagram(d.data, 0, d.data.length, name, now);
            }
            for (ReceivedPacket r; (r = other.device.pollIpPacket()) != null; moved = true) {
                other.stack.receive(r.packet, 0, r.packet.length, now);
            }
            return moved;
        }

        long deadline() {
            return Math.min(device.pollTimeout(), stack.nextDeadline());
        }

        void fireTimers(long now) {
            device.handleTimers(now);
            stack.advance(now);
        }
    }

    /** The byte at stream offset i; cheap, and a shifted or repeated segment cannot match it. */
    static byte patternAt(long i) {
        long x = i * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ x >>> 29);
    }

    private static final class PatternSender implements TcpListener {
        private final long total;
        private long written;
        private final byte[] chunk = new byte[32 * 1024];

        PatternSender(long total) {
            this.total = total;
        }

        @Override
        public void onConnected(TcpSocket s) {
            pump(s);
        }

        @Override
        public void onWritable(TcpSocket s) {
            pump(s);
        }

        private void pump(TcpSocket s) {
            while (written < total) {
                int len = (int) Math.min(chunk.length, total - written);
                for (int i = 0; i < len; i++) chunk[i] = patternAt(written + i);
                int n = s.write(chunk, 0, len);
                if (n <= 0) return; // back-pressure: onWritable resumes
                written += n;
            }
            s.shutdownOutput();
        }
    }

    private static final class PatternReceiver implements TcpListener {
        long received;
        long firstMismatch = -1;
        boolean eof;
        private final byte[] buf = new byte[32 * 1024];

        @Override
        public void onReadable(TcpSocket s) {
            for (int n; (n = s.read(buf, 0, buf.length)) != 0; ) {
                if (n < 0) {
                    eof = true;
                    s.close();
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != patternAt(received + i) && firstMismatch < 0) firstMismatch = received + i;
                }
                received += n;
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            eof = true;
        }
    }
}
