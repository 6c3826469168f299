package dev.tabnet.core.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.tcp.TcpSegment;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Golden packets produced by the Linux kernel (see resources/dev/tabnet/core/ip/kernel-packets.txt):
 * our parser must read them, our checksum code must agree with the kernel's, and what we build for
 * the same content must be byte-identical at the transport layer.
 */
class KernelPacketsTest {
    private static final Vectors V = Vectors.load("/dev/tabnet/core/ip/kernel-packets.txt");
    private static final IpAddress CLIENT4 = IpAddress.parse("100.64.99.2"), SERVER4 = IpAddress.parse("100.64.99.1");
    private static final IpAddress CLIENT6 = IpAddress.parse("fd00:99::2"), SERVER6 = IpAddress.parse("fd00:99::1");
    private static final String[] ALL = {"icmp4_echo_request", "icmp4_echo_reply", "icmp6_echo_request", "icmp6_echo_reply",
        "tcp4_syn", "tcp4_synack", "tcp4_ack", "tcp4_data", "tcp4_data_ack", "tcp4_fin_client", "tcp4_fin_server", "tcp4_last_ack",
        "tcp6_syn", "tcp6_synack", "tcp6_ack", "tcp6_data", "tcp6_data_ack", "tcp6_fin_client", "tcp6_fin_server", "tcp6_last_ack",
        "udp4_datagram", "icmp4_port_unreachable"};

    private static IpPacket parse(String name) throws MalformedPacketException {
        byte[] b = V.hex(name);
        return IpPacket.parse(b, 0, b.length);
    }

    @Test
    void everyKernelPacketParsesAndChecksumsVerify() throws Exception {
        for (String name : ALL) {
            IpPacket p = parse(name);
            assertTrue(p.src.equals(CLIENT4) || p.src.equals(SERVER4) || p.src.equals(CLIENT6) || p.src.equals(SERVER6), name);
            int sum = p.protocol == IpProtocol.ICMP ? Checksum.compute(p.buf, p.payloadOffset, p.payloadLength)
                    : Checksum.upperLayer(p.src, p.dst, p.protocol, p.buf, p.payloadOffset, p.payloadLength);
            assertEquals(0, sum, name + " transport checksum");
        }
    }

    @Test
    void recomputedChecksumsEqualTheKernels() throws Exception {
        for (String name : ALL) {
            byte[] b = V.hex(name);
            IpPacket p = IpPacket.parse(b, 0, b.length);
            if (p.version == 4) {
                int stored = Bytes.u16be(b, 10);
                b[10] = b[11] = 0;
                assertEquals(stored, Checksum.compute(b, 0, 20), name + " IPv4 header checksum");
            }
            int csOff = p.payloadOffset + (p.protocol == IpProtocol.TCP ? 16 : p.protocol == IpProtocol.UDP ? 6 : 2);
            int stored = Bytes.u16be(b, csOff);
            b[csOff] = b[csOff + 1] = 0;
            int computed = p.protocol == IpProtocol.ICMP ? Checksum.compute(b, p.payloadOffset, p.payloadLength)
                    : Checksum.upperLayer(p.src, p.dst, p.protocol, b, p.payloadOffset, p.payloadLength);
            assertEquals(stored, computed, name + " transport checksum");
        }
    }

    @Test
    void tcpSynOptionsAsLinuxSendsThem() throws Exception {
        TcpSegment syn = TcpSegment.parse(parse("tcp4_syn"));
        assertEquals(TcpSegment.SYN, syn.flags);
        assertEquals(5001, syn.dstPort);
        assertEquals(903461042L, syn.seq & 0xffffffffL);
        assertEquals(64860, syn.window);
        assertEquals(1380, syn.mss);
        assertTrue(syn.sackPermitted);
        assertTrue(syn.hasTimestamp);
        assertEquals(3616350838L, syn.tsVal & 0xffffffffL);
        assertEquals(0, syn.tsEcr);
        assertEquals(10, syn.windowScale);

        TcpSegment synAck = TcpSegment.parse(parse("tcp4_synack"));
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, synAck.flags);
        assertEquals((syn.seq + 1), synAck.ack);
        assertEquals(syn.tsVal, synAck.tsEcr);

        TcpSegment syn6 = TcpSegment.parse(parse("tcp6_syn"));
        assertEquals(1360, syn6.mss); // 20 bytes less for the IPv6 header
        assertEquals(10, syn6.windowScale);
    }

    @Test
    void tcpPayloadsAndFlags() throws Exception {
        TcpSegment data = TcpSegment.parse(parse("tcp4_data"));
        assertTrue(data.has(TcpSegment.PSH) && data.has(TcpSegment.ACK));
        assertEquals("hello from the linux kernel\n",
                new String(data.payload, data.payloadOffset, data.payloadLength, StandardCharsets.UTF_8));
        TcpSegment data6 = TcpSegment.parse(parse("tcp6_data"));
        assertEquals("hello over ipv6\n", new String(data6.payload, data6.payloadOffset, data6.payloadLength, StandardCharsets.UTF_8));
        assertTrue(TcpSegment.parse(parse("tcp4_fin_client")).has(TcpSegment.FIN));
        assertTrue(TcpSegment.parse(parse("tcp6_fin_server")).has(TcpSegment.FIN));
    }

    /** Our serializer lays out options exactly like Linux, so re-encoding a kernel segment reproduces its bytes. */
    @Test
    void reserializedKernelSegmentsAreByteIdentical() throws Exception {
        for (String name : ALL) {
            if (!name.startsWith("tcp")) continue;
            byte[] orig = V.hex(name);
            IpPacket p = IpPacket.parse(orig, 0, orig.length);
            TcpSegment s = TcpSegment.parse(p);
            byte[] ours = s.toPacket(p.src, p.dst, 0);
            int hl = p.payloadOffset;
            assertArrayEquals(Arrays.copyOfRange(orig, hl, orig.length), Arrays.copyOfRange(ours, hl, ours.length), name);
        }
    }

    @Test
    void stackAnswersKernelPingsExactlyLikeTheKernel() {
        for (String[] pair : new String[][] {{"icmp4_echo_request", "icmp4_echo_reply"}, {"icmp6_echo_request", "icmp6_echo_reply"}}) {
            NetStackConfig c = new NetStackConfig();
            c.ipv4 = SERVER4;
            c.ipv6 = SERVER6;
            NetStack stack = new NetStack(c, new SeededEntropy(1));
            byte[] req = V.hex(pair[0]);
            stack.receive(req, 0, req.length, 1);
            byte[] ours = stack.pollOutbound();
            assertNotNull(ours, pair[0]);
            byte[] kernel = V.hex(pair[1]);
            int hl = (kernel[0] >> 4) == 4 ? 20 : 40;
            // The ICMP message, checksum included, must match the kernel's reply byte for byte.
            assertArrayEquals(Arrays.copyOfRange(kernel, hl, kernel.length), Arrays.copyOfRange(ours, hl, ours.length), pair[1]);
            assertEquals(1, stack.counters().echoRequestsAnswered);
        }
    }

    @Test
    void udpDatagramAndIcmpErrorFromKernel() throws Exception {
        Udp.Datagram d = Udp.parse(parse("udp4_datagram"));
        assertEquals(5003, d.dstPort);
        assertEquals("udp datagram\n", new String(d.data, StandardCharsets.UTF_8));
        byte[] ours = Udp.build(CLIENT4, d.srcPort, SERVER4, d.dstPort, d.data, 0, d.data.length, 0);
        byte[] kernel = V.hex("udp4_datagram");
        assertArrayEquals(Arrays.copyOfRange(kernel, 20, kernel.length), Arrays.copyOfRange(ours, 20, ours.length));
        // Port unreachable is not an echo: parsed (checksum checked) and ignored.
        assertEquals(null, Icmp.parseEcho(parse("icmp4_port_unreachable")));
    }

    @Test
    void corruptedKernelPacketsAreRejectedAndCounted() {
        NetStackConfig c = new NetStackConfig();
        c.ipv4 = SERVER4;
        c.ipv6 = SERVER6;
        NetStack stack = new NetStack(c, new SeededEntropy(1));
        byte[] syn = V.hex("tcp4_syn");
        byte[] badTcp = syn.clone();
        badTcp[badTcp.length - 1] ^= 1;
        assertThrows(MalformedPacketException.class, () -> TcpSegment.parse(IpPacket.parse(badTcp, 0, badTcp.length)));
        stack.receive(badTcp, 0, badTcp.length, 1);
        assertEquals(1, stack.counters().dropped(DropReason.BAD_TRANSPORT_CHECKSUM));
        byte[] badIp = syn.clone();
        badIp[8] ^= 1; // TTL changed without fixing the header checksum
        stack.receive(badIp, 0, badIp.length, 2);
        assertEquals(1, stack.counters().dropped(DropReason.BAD_IP_CHECKSUM));
        stack.receive(syn, 0, 10, 3);
        assertEquals(1, stack.counters().dropped(DropReason.TRUNCATED));
        byte[] v6 = V.hex("tcp6_syn");
        v6[v6.length - 5] ^= 0x40;
        stack.receive(v6, 0, v6.length, 4);
        assertEquals(2, stack.counters().dropped(DropReason.BAD_TRANSPORT_CHECKSUM));
        byte[] icmp = V.hex("icmp6_echo_request");
        icmp[50] ^= 1;
        stack.receive(icmp, 0, icmp.length, 5);
        assertEquals(3, stack.counters().dropped(DropReason.BAD_TRANSPORT_CHECKSUM));
        assertFalse(stack.hasOutbound(), "nothing may be answered for corrupted input");
        // An intact SYN to a port nobody listens on gets a RST+ACK (RFC 9293 3.10.7.1).
        stack.receive(syn, 0, syn.length, 6);
        assertEquals(1, stack.counters().dropped(DropReason.NO_SOCKET));
        assertTrue(stack.hasOutbound());
    }
}
