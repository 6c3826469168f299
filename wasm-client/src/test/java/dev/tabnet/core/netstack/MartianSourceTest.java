package dev.tabnet.core.netstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ip.DropReason;
import dev.tabnet.core.ip.Icmp;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.Udp;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSegment;
import dev.tabnet.core.testutil.SeededEntropy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packets whose source is our own address or one no host may send from (RFC 1122 3.2.1.3, RFC 4291)
 * are dropped unanswered: an echo reply, RST or UDP answer to them would go to ourselves or to a
 * whole group. The same packets from a peer's address are answered (so the check is not vacuous).
 */
class MartianSourceTest {
    private static final IpAddress US4 = IpAddress.parse("100.64.0.1"), US6 = IpAddress.parse("fd7a:115c:a1e0::1");
    private static final IpAddress PEER4 = IpAddress.parse("100.64.0.2"), PEER6 = IpAddress.parse("fd7a:115c:a1e0::2");
    private static final List<String> MARTIANS4 = List.of("100.64.0.1", "0.0.0.0", "127.0.0.1", "127.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255");
    private static final List<String> MARTIANS6 = List.of("fd7a:115c:a1e0::1", "::", "::1", "ff02::1", "ff05::2");

    private final NetStack stack = newStack();

    private static NetStack newStack() {
        NetStackConfig c = new NetStackConfig();
        c.ipv4 = US4;
        c.ipv6 = US6;
        NetStack s = new NetStack(c, new SeededEntropy(3));
        s.listen(22, sock -> new TcpListener() {});
        s.bindUdp(53, (socket, from, fromPort, data) -> socket.send(from, fromPort, data, 0, data.length));
        s.advance(1_000_000_000L);
        return s;
    }

    private void receive(byte[] packet) {
        stack.receive(packet, 0, packet.length, stack.now() + 1_000_000);
    }

    private static byte[] ping(IpAddress src, IpAddress dst) {
        return Icmp.buildEcho(src, dst, true, 7, 1, new byte[] {1, 2, 3}, 1);
    }

    private static byte[] syn(IpAddress src, IpAddress dst, int port) {
        TcpSegment s = new TcpSegment();
        s.srcPort = 40000;
        s.dstPort = port;
        s.seq = 1000;
        s.flags = TcpSegment.SYN;
        s.window = 65535;
        return s.toPacket(src, dst, 1);
    }

    private static byte[] udp(IpAddress src, IpAddress dst) {
        byte[] q = {9, 9};
        return Udp.build(src, 5353, dst, 53, q, 0, q.length, 1);
    }

    @Test
    void echoSynAndUdpFromMartianSourcesAreDroppedUnanswered() {
        for (String m : MARTIANS4) sendAll(IpAddress.parse(m), US4);
        for (String m : MARTIANS6) sendAll(IpAddress.parse(m), US6);
        assertEquals(4L * (MARTIANS4.size() + MARTIANS6.size()), stack.counters().dropped(DropReason.MARTIAN_SOURCE), stack.counters().toString());
        assertFalse(stack.hasOutbound(), "nothing may be answered to a martian source");
        assertEquals(0, stack.connectionCount(), "no connection may be opened from a martian source");
        assertEquals(0, stack.counters().echoRequestsAnswered);
    }

    /** A ping, a SYN to a listener, a SYN to a closed port (would be a RST) and a UDP request. */
    private void sendAll(IpAddress src, IpAddress dst) {
        receive(ping(src, dst));
        receive(syn(src, dst, 22));
        receive(syn(src, dst, 23));
        receive(udp(src, dst));
    }

    @Test
    void theSamePacketsFromAPeerAreAnswered() throws Exception {
        for (IpAddress[] pair : new IpAddress[][] {{PEER4, US4}, {PEER6, US6}}) {
            receive(ping(pair[0], pair[1]));
            assertAnsweredTo(pair[0]);
            receive(syn(pair[0], pair[1], 22));
            assertAnsweredTo(pair[0]);
            receive(syn(pair[0], pair[1], 23));
            assertAnsweredTo(pair[0]);
            receive(udp(pair[0], pair[1]));
            assertAnsweredTo(pair[0]);
        }
        assertEquals(0, stack.counters().dropped(DropReason.MARTIAN_SOURCE));
        assertEquals(2, stack.counters().echoRequestsAnswered);
        assertEquals(2, stack.connectionCount());
    }

    private void assertAnsweredTo(IpAddress peer) throws Exception {
        byte[] out = stack.pollOutbound();
        assertNotNull(out, "no answer to " + peer);
        IpPacket p = IpPacket.parse(out, 0, out.length);
        assertEquals(peer, p.dst);
        assertFalse(stack.hasOutbound());
    }

    @Test
    void martianSourceClassification() {
        for (String m : List.of("0.0.0.0", "127.0.0.1", "224.0.0.251", "255.255.255.255", "::", "::1", "ff02::fb")) {
            assertTrue(IpAddress.parse(m).isMartianSource(), m);
        }
        for (String ok : List.of("100.64.0.2", "10.0.0.1", "223.255.255.255", "128.0.0.1", "fd7a:115c:a1e0::2", "::2", "fe80::1", "2001:db8::1")) {
            assertFalse(IpAddress.parse(ok).isMartianSource(), ok);
        }
    }
}
