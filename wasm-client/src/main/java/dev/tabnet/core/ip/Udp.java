package dev.tabnet.core.ip;

import dev.tabnet.core.util.Bytes;

/** UDP (RFC 768; IPv6 rules from RFC 8200 section 8.1): parse with checksum check, and build. */
public final class Udp {
    private Udp() {}

    public static final int HEADER_LENGTH = 8;

    public static final class Datagram {
        public final int srcPort;
        public final int dstPort;
        public final byte[] data;

        Datagram(int srcPort, int dstPort, byte[] data) {
            this.srcPort = srcPort;
            this.dstPort = dstPort;
            this.data = data;
        }
    }

    public static Datagram parse(IpPacket p) throws MalformedPacketException {
        byte[] b = p.buf;
        int off = p.payloadOffset;
        if (p.payloadLength < HEADER_LENGTH) throw new MalformedPacketException(DropReason.TRUNCATED, "UDP header");
        int len = Bytes.u16be(b, off + 4);
        if (len < HEADER_LENGTH || len > p.payloadLength) throw new MalformedPacketException(DropReason.TRUNCATED, "UDP length " + len);
        int stored = Bytes.u16be(b, off + 6);
        // IPv4 allows "no checksum" (0); IPv6 makes it mandatory.
        if (stored != 0 || p.version == 6) {
            if (Checksum.upperLayer(p.src, p.dst, IpProtocol.UDP, b, off, len) != 0)
                throw new MalformedPacketException(DropReason.BAD_TRANSPORT_CHECKSUM, "UDP checksum");
        }
        return new Datagram(Bytes.u16be(b, off), Bytes.u16be(b, off + 2), Bytes.slice(b, off + 8, len - 8));
    }

    public static byte[] build(IpAddress src, int srcPort, IpAddress dst, int dstPort, byte[] data, int dataOff, int dataLen, int ident) {
        int hl = IpPacket.headerLength(src);
        int udpLen = HEADER_LENGTH + dataLen;
        byte[] pkt = new byte[hl + udpLen];
        Bytes.put16be(pkt, hl, srcPort);
        Bytes.put16be(pkt, hl + 2, dstPort);
        Bytes.put16be(pkt, hl + 4, udpLen);
        System.arraycopy(data, dataOff, pkt, hl + 8, dataLen);
        int cs = Checksum.upperLayer(src, dst, IpProtocol.UDP, pkt, hl, udpLen);
        Bytes.put16be(pkt, hl + 6, cs == 0 ? 0xffff : cs); // 0 is "no checksum", send all-ones instead
        IpPacket.writeHeader(pkt, 0, src, dst, IpProtocol.UDP, udpLen, IpPacket.DEFAULT_TTL, ident);
        return pkt;
    }
}
