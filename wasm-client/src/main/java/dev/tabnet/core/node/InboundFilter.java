package dev.tabnet.core.node;

import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.MalformedPacketException;
import dev.tabnet.core.util.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which decrypted packets reach the stack, as Tailscale's packet filter does: the netmap's
 * rules govern only what opens something new here (a TCP SYN, an ICMP echo request, a UDP datagram
 * of no flow we started); replies to what this node started pass. Before the first netmap nothing
 * new is let in. Anything that is not TCP, UDP or ICMP is dropped (TSMP, for one, is not spoken).
 */
final class InboundFilter {
    /** Bound on remembered outbound UDP flows; the oldest is forgotten first. */
    static final int MAX_UDP_FLOWS = 4096;

    private PacketFilter rules = PacketFilter.DENY_ALL;
    private final Map<String, Boolean> udpFlows = new LinkedHashMap<String, Boolean>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > MAX_UDP_FLOWS;
        }
    };

    void setRules(PacketFilter rules) {
        this.rules = rules;
    }

    PacketFilter rules() {
        return rules;
    }

    /** Remembers UDP flows this node opens, so their answers pass. */
    void noteOutbound(byte[] packet) {
        IpPacket p = parse(packet);
        if (p == null || p.protocol != PacketFilter.PROTO_UDP || p.payloadLength < 8) return;
        int srcPort = Bytes.u16be(p.buf, p.payloadOffset), dstPort = Bytes.u16be(p.buf, p.payloadOffset + 2);
        udpFlows.put(flow(p.dst.toString(), dstPort, srcPort), Boolean.TRUE);
    }

    boolean allows(byte[] packet) {
        IpPacket p = parse(packet);
        if (p == null) return false;
        switch (p.protocol) {
            case PacketFilter.PROTO_TCP: {
                if (p.payloadLength < 20) return false;
                int flags = p.buf[p.payloadOffset + 13] & 0xff;
                boolean syn = (flags & 0x02) != 0, ack = (flags & 0x10) != 0;
                // Only a connection attempt is judged; segments of established connections pass
                // (and the stack resets any that belong to nothing).
                if (!syn || ack) return true;
                return rules.allows(p.protocol, p.src, p.dst, Bytes.u16be(p.buf, p.payloadOffset + 2));
            }
            case PacketFilter.PROTO_UDP: {
                if (p.payloadLength < 8) return false;
                int srcPort = Bytes.u16be(p.buf, p.payloadOffset), dstPort = Bytes.u16be(p.buf, p.payloadOffset + 2);
                if (udpFlows.containsKey(flow(p.src.toString(), srcPort, dstPort))) return true;
                return rules.allows(p.protocol, p.src, p.dst, dstPort);
            }
            case PacketFilter.PROTO_ICMP:
            case PacketFilter.PROTO_ICMPV6: {
                if (p.payloadLength < 1) return false;
                int type = p.buf[p.payloadOffset] & 0xff;
                boolean request = p.protocol == PacketFilter.PROTO_ICMP ? type == 8 : type == 128;
                return !request || rules.allows(p.protocol, p.src, p.dst, 0);
            }
            default:
                return false;
        }
    }

    private static IpPacket parse(byte[] packet) {
        try {
            return IpPacket.parse(packet, 0, packet.length);
        } catch (MalformedPacketException e) {
            return null;
        }
    }

    private static String flow(String remote, int remotePort, int localPort) {
        return remote + " " + remotePort + " " + localPort;
    }
}
