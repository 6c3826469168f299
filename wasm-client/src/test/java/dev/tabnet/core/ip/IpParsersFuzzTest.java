package dev.tabnet.core.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.tcp.TcpSegment;
import dev.tabnet.core.testutil.PacketFixups;
import dev.tabnet.core.util.Bytes;
import java.util.Arrays;

/**
 * IPv4/IPv6, ICMP echo, UDP and TCP header parsing fed arbitrary bytes. Contract: every input either
 * parses or raises {@link MalformedPacketException} with a reason (never another exception); a parse
 * does not depend on where the packet sits in its buffer; what parses stays inside the packet and
 * survives our own serializer (build then parse gives the same fields).
 *
 * <p>Input layout: byte 0 selects fix-ups so the fuzzer gets past the checksums (bit 0: IPv4 header
 * checksum, bit 1: transport checksum, bit 2: IP length fields = actual length); the rest is the packet.
 */
class IpParsersFuzzTest {

    @FuzzTest
    void parse(byte[] input) throws Exception {
        if (input.length == 0) return;
        int mode = input[0] & 0xff;
        byte[] pkt = Arrays.copyOfRange(input, 1, input.length);
        PacketFixups.apply(pkt, mode);

        Object atZero = outcome(pkt, 0, pkt.length);
        // The same bytes in the middle of a larger buffer (garbage around them) parse the same way.
        byte[] framed = new byte[pkt.length + 11];
        Arrays.fill(framed, (byte) 0xa5);
        System.arraycopy(pkt, 0, framed, 7, pkt.length);
        Object inFrame = outcome(framed, 7, pkt.length);
        assertEquals(atZero, inFrame, "parse result depends on the buffer offset");
    }

    /** A string describing the parse outcome (fields or drop reason) after checking the contract. */
    private static Object outcome(byte[] b, int off, int len) {
        IpPacket p;
        try {
            p = IpPacket.parse(b, off, len);
        } catch (MalformedPacketException e) {
            assertNotNull(e.reason());
            return "drop " + e.reason();
        }
        assertTrue(p.version == 4 || p.version == 6);
        assertTrue(p.payloadOffset >= off && p.payloadLength >= 0 && p.payloadOffset + p.payloadLength <= off + len,
                "payload outside the packet");
        assertEquals(p.version == 4, p.src.isV4());
        if (p.version == 4) assertEquals(0, Checksum.compute(b, off, p.payloadOffset - off), "accepted a bad IPv4 header checksum");
        StringBuilder sb = new StringBuilder("ip v").append(p.version).append(' ').append(p.src).append('>').append(p.dst)
                .append(" proto ").append(p.protocol).append(" ttl ").append(p.ttl).append(" len ").append(p.payloadLength);
        try {
            switch (p.protocol) {
                case IpProtocol.TCP: sb.append(' ').append(tcp(p)); break;
                case IpProtocol.UDP: sb.append(' ').append(udp(p)); break;
                case IpProtocol.ICMP:
                case IpProtocol.ICMPV6: sb.append(' ').append(icmp(p)); break;
                default: break;
            }
        } catch (MalformedPacketException e) {
            assertNotNull(e.reason());
            sb.append(" drop ").append(e.reason());
        }
        return sb.toString();
    }

    private static String tcp(IpPacket p) throws MalformedPacketException {
        TcpSegment s = TcpSegment.parse(p);
        assertTrue(s.payloadOffset >= p.payloadOffset + TcpSegment.HEADER_LENGTH
                && s.payloadOffset + s.payloadLength == p.payloadOffset + p.payloadLength, "TCP payload bounds");
        assertTrue(s.windowScale <= 14, "window scale not clamped");
        assertTrue(s.sackBlocks.length % 2 == 0 && s.sackBlocks.length <= 8, "SACK blocks beyond 40 option bytes");
        byte[] payload = Bytes.slice(s.payload, s.payloadOffset, s.payloadLength);
        // Our serializer lays options out with NOP padding; when that still fits the 40 option
        // bytes, build -> parse must give back every field we understood.
        if (optionBytes(s) <= 40) {
            byte[] again = s.toPacket(p.src, p.dst, 1);
            TcpSegment r;
            try {
                r = TcpSegment.parse(IpPacket.parse(again, 0, again.length));
            } catch (MalformedPacketException e) {
                throw new AssertionError("our own segment does not parse: " + e.reason(), e);
            }
            assertEquals(describe(s, payload), describe(r, Bytes.slice(r.payload, r.payloadOffset, r.payloadLength)));
        }
        return describe(s, payload);
    }

    /** Option bytes {@link TcpSegment#toPacket} needs for the fields that were understood. */
    private static int optionBytes(TcpSegment s) {
        int n = 0;
        if (s.mss >= 0) n += 4;
        if (s.windowScale >= 0) n += 4; // NOP + 3
        if (s.sackPermitted) n += s.hasTimestamp ? 2 : 4;
        if (s.hasTimestamp) n += s.sackPermitted ? 10 : 12;
        if (s.sackBlocks.length > 0) n += 4 + 4 * s.sackBlocks.length;
        return (n + 3) & ~3;
    }

    private static String describe(TcpSegment s, byte[] payload) {
        return s + " flags=" + s.flags + " mss=" + s.mss + " ws=" + s.windowScale + " sackOk=" + s.sackPermitted
                + " ts=" + (s.hasTimestamp ? s.tsVal + "/" + s.tsEcr : "-") + " sack=" + Arrays.toString(s.sackBlocks)
                + " data=" + Arrays.toString(payload);
    }

    private static String udp(IpPacket p) throws MalformedPacketException {
        Udp.Datagram d = Udp.parse(p);
        assertTrue(d.data.length + Udp.HEADER_LENGTH <= p.payloadLength);
        byte[] again = Udp.build(p.src, d.srcPort, p.dst, d.dstPort, d.data, 0, d.data.length, 1);
        Udp.Datagram r;
        try {
            r = Udp.parse(IpPacket.parse(again, 0, again.length));
        } catch (MalformedPacketException e) {
            throw new AssertionError("our own datagram does not parse: " + e.reason(), e);
        }
        assertEquals(d.srcPort, r.srcPort);
        assertEquals(d.dstPort, r.dstPort);
        assertArrayEquals(d.data, r.data);
        return "udp " + d.srcPort + ">" + d.dstPort + " " + Arrays.toString(d.data);
    }

    private static String icmp(IpPacket p) throws MalformedPacketException {
        Icmp.Echo e = Icmp.parseEcho(p);
        if (e == null) return "icmp other";
        assertEquals(Icmp.ECHO_HEADER_LENGTH + e.data.length, p.payloadLength);
        byte[] again = Icmp.buildEcho(p.src, p.dst, e.request, e.identifier, e.sequence, e.data, 1);
        IpPacket ap;
        try {
            ap = IpPacket.parse(again, 0, again.length);
        } catch (MalformedPacketException x) {
            throw new AssertionError("our own echo does not parse: " + x.reason(), x);
        }
        if ((ap.protocol == IpProtocol.ICMP) != (ap.version == 4)) throw new AssertionError("echo built with the wrong protocol");
        Icmp.Echo r = Icmp.parseEcho(ap);
        assertNotNull(r);
        assertEquals(e.request, r.request);
        assertEquals(e.identifier, r.identifier);
        assertEquals(e.sequence, r.sequence);
        assertArrayEquals(e.data, r.data);
        return "echo " + e.request + " " + e.identifier + "/" + e.sequence + " " + Arrays.toString(e.data);
    }
}
