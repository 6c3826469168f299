package dev.tabnet.core.ip;

import dev.tabnet.core.util.Bytes;

/** ICMP (RFC 792) and ICMPv6 (RFC 4443) echo messages: parse and build. */
public final class Icmp {
    private Icmp() {}

    public static final int V4_ECHO_REPLY = 0;
    public static final int V4_ECHO_REQUEST = 8;
    public static final int V6_ECHO_REQUEST = 128;
    public static final int V6_ECHO_REPLY = 129;
    public static final int ECHO_HEADER_LENGTH = 8;

    /** A parsed echo request or reply. */
    public static final class Echo {
        public final boolean request;
        public final int identifier;
        public final int sequence;
        public final byte[] data;

        Echo(boolean request, int identifier, int sequence, byte[] data) {
            this.request = request;
            this.identifier = identifier;
            this.sequence = sequence;
            this.data = data;
        }
    }

    /**
     * Parses an ICMP/ICMPv6 message carried in {@code p}; returns null for valid messages that are
     * not echo. Verifies the checksum (ICMPv6 includes the pseudo-header).
     */
    public static Echo parseEcho(IpPacket p) throws MalformedPacketException {
        byte[] b = p.buf;
        int off = p.payloadOffset, len = p.payloadLength;
        if (len < ECHO_HEADER_LENGTH) throw new MalformedPacketException(DropReason.TRUNCATED, "ICMP too short");
        int sum = p.version == 4 ? Checksum.compute(b, off, len) : Checksum.upperLayer(p.src, p.dst, IpProtocol.ICMPV6, b, off, len);
        if (sum != 0) throw new MalformedPacketException(DropReason.BAD_TRANSPORT_CHECKSUM, "ICMP checksum");
        int type = b[off] & 0xff;
        boolean request, reply;
        if (p.version == 4) {
            request = type == V4_ECHO_REQUEST;
            reply = type == V4_ECHO_REPLY;
        } else {
            request = type == V6_ECHO_REQUEST;
            reply = type == V6_ECHO_REPLY;
        }
        if ((!request && !reply) || b[off + 1] != 0) return null;
        return new Echo(request, Bytes.u16be(b, off + 4), Bytes.u16be(b, off + 6), Bytes.slice(b, off + 8, len - 8));
    }

    /** Builds a complete IP packet carrying an echo request or reply. */
    public static byte[] buildEcho(IpAddress src, IpAddress dst, boolean request, int identifier, int sequence, byte[] data, int ident) {
        boolean v4 = src.isV4();
        int hl = IpPacket.headerLength(src);
        int icmpLen = ECHO_HEADER_LENGTH + data.length;
        byte[] pkt = new byte[hl + icmpLen];
        int o = hl;
        pkt[o] = (byte) (v4 ? (request ? V4_ECHO_REQUEST : V4_ECHO_REPLY) : (request ? V6_ECHO_REQUEST : V6_ECHO_REPLY));
        Bytes.put16be(pkt, o + 4, identifier);
        Bytes.put16be(pkt, o + 6, sequence);
        System.arraycopy(data, 0, pkt, o + 8, data.length);
        int proto = v4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
        int cs = v4 ? Checksum.compute(pkt, o, icmpLen) : Checksum.upperLayer(src, dst, proto, pkt, o, icmpLen);
        Bytes.put16be(pkt, o + 2, cs);
        IpPacket.writeHeader(pkt, 0, src, dst, proto, icmpLen, IpPacket.DEFAULT_TTL, ident);
        return pkt;
    }
}
