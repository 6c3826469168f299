package dev.tabnet.core.netstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.ip.Icmp;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.IpProtocol;
import dev.tabnet.core.ip.MalformedPacketException;
import dev.tabnet.core.ip.Udp;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSegment;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.core.testutil.FuzzInput;
import dev.tabnet.core.testutil.PacketFixups;
import dev.tabnet.core.testutil.SeededEntropy;
import org.junit.jupiter.api.Test;

/**
 * The whole stack (a TCP echo server, a UDP echo socket, an outgoing connection and a ping in
 * flight) fed arbitrary IP packets and clock jumps. Contract ({@link NetStack#receive}): malformed
 * packets are counted and dropped, never thrown, one count per packet at most; every packet we emit
 * parses with valid checksums and comes from our own address; the outbound
 * queue stays within its bound; timers never stay due.
 *
 * <p>Input layout: byte 0 = fix-up mode for every packet ({@link PacketFixups}); then packets, each a
 * 16-bit length and that many octets; length 0xffff instead advances the clock by a 16-bit count of ms.
 */
class NetStackFuzzTest {
    static final IpAddress US4 = IpAddress.parse("100.64.99.1"), US6 = IpAddress.parse("fd00:99::1");
    static final IpAddress PEER4 = IpAddress.parse("100.64.99.2");

    @FuzzTest
    void packets(byte[] data) {
        run(data);
    }

    /** The harness reaches the services: the kernel's echo requests (v4 and v6) from the seed are answered. */
    @Test
    void seedPingsAreAnswered() throws Exception {
        byte[] seed;
        try (java.io.InputStream is = getClass().getResourceAsStream("NetStackFuzzTestInputs/packets/kernel-icmp")) {
            seed = is.readAllBytes();
        }
        NetStack s = run(seed);
        assertEquals(2, s.counters().echoRequestsAnswered, s.counters().toString());
        assertEquals(3, s.counters().packetsIn);
    }

    static NetStack run(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int mode = in.u8();
        NetStackConfig c = new NetStackConfig();
        c.ipv4 = US4;
        c.ipv6 = US6;
        c.maxOutboundPackets = 256;
        NetStack stack = new NetStack(c, new SeededEntropy(7));
        long[] now = {1_000_000_000L};
        stack.advance(now[0]);
        TcpListener echo = new TcpListener() {
            final byte[] buf = new byte[4096];

            @Override
            public void onReadable(TcpSocket s) {
                for (int n; (n = s.read(buf, 0, buf.length)) > 0; ) s.write(buf, 0, n);
                if (s.isEndOfStream()) s.close();
            }
        };
        stack.listen(5001, sock -> echo);
        stack.bindUdp(5002, (sock, from, port, d) -> sock.send(from, port, d, 0, d.length));
        stack.connect(PEER4, 80, null);
        stack.ping(PEER4, new byte[16], new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] d) {}

            @Override
            public void onTimeout(IpAddress to, int sequence) {}
        });
        drain(stack);
        for (int n = 0; in.more() && n < 500; n++) {
            int len = in.u16();
            if (len == 0xffff) {
                now[0] += in.u16() * 1_000_000L;
            } else {
                byte[] pkt = in.bytes(len);
                PacketFixups.apply(pkt, mode);
                long inBefore = stack.counters().packetsIn, dropsBefore = stack.counters().totalDropped();
                stack.receive(pkt, 0, pkt.length, now[0]);
                assertEquals(inBefore + 1, stack.counters().packetsIn);
                assertTrue(stack.counters().totalDropped() - dropsBefore <= 1, () -> "one packet counted twice: " + stack.counters());
            }
            for (int i = 0; ; i++) {
                if (i >= 100) fail("timers stay due at " + now[0]);
                if (stack.nextDeadline() > now[0]) break;
                stack.advance(now[0]);
                drain(stack);
            }
            drain(stack);
        }
        return stack;
    }

    private static void drain(NetStack stack) {
        int n = 0;
        for (byte[] p; (p = stack.pollOutbound()) != null; n++) {
            if (n > 256) fail("outbound queue beyond its bound");
            IpPacket ip;
            try {
                ip = IpPacket.parse(p, 0, p.length);
                IpAddress src = ip.src;
                assertTrue(src.equals(US4) || src.equals(US6), () -> "sent from " + src);
                // (A packet spoofing our own source address does get its answer addressed to us; not asserted.)
                assertEquals(p.length, ip.payloadOffset + ip.payloadLength, "IP length field");
                switch (ip.protocol) {
                    case IpProtocol.TCP: TcpSegment.parse(ip); break;
                    case IpProtocol.UDP: Udp.parse(ip); break;
                    case IpProtocol.ICMP:
                    case IpProtocol.ICMPV6:
                        assertTrue(Icmp.parseEcho(ip) != null, "non-echo ICMP sent");
                        break;
                    default: throw new AssertionError("sent protocol " + ip.protocol);
                }
            } catch (MalformedPacketException e) {
                throw new AssertionError("we emitted a packet our own parser rejects: " + e.reason(), e);
            }
        }
    }
}
