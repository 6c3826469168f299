package dev.tabnet.core.testutil;

import dev.tabnet.core.ip.Checksum;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.IpProtocol;
import dev.tabnet.core.util.Bytes;

/** Checksum and length fix-ups so fuzzed IP packets get past the parsers' integrity checks. */
public final class PacketFixups {
    private PacketFixups() {}

    /**
     * Makes a fuzzed packet pass the gates selected by mode: bit 0 IPv4 header checksum, bit 1 the
     * transport checksum (TCP, UDP, ICMP, ICMPv6), bit 2 the IP length field = the actual length.
     */
    public static void apply(byte[] b, int mode) {
        if (b.length < 1) return;
        int version = (b[0] & 0xff) >>> 4;
        int hl, total;
        if (version == 4 && b.length >= IpPacket.IPV4_HEADER_LENGTH) {
            hl = (b[0] & 0x0f) * 4;
            if ((mode & 4) != 0) Bytes.put16be(b, 2, Math.min(b.length, 0xffff));
            total = Math.min(Bytes.u16be(b, 2), b.length);
            if (hl < IpPacket.IPV4_HEADER_LENGTH || hl > total) return;
            if ((mode & 2) != 0) fixTransport(b, 4, b[9] & 0xff, hl, total - hl);
            if ((mode & 1) != 0) {
                Bytes.put16be(b, 10, 0);
                Bytes.put16be(b, 10, Checksum.compute(b, 0, hl));
            }
        } else if (version == 6 && b.length >= IpPacket.IPV6_HEADER_LENGTH) {
            if ((mode & 4) != 0) Bytes.put16be(b, 4, Math.min(b.length - IpPacket.IPV6_HEADER_LENGTH, 0xffff));
            int payload = Math.min(Bytes.u16be(b, 4), b.length - IpPacket.IPV6_HEADER_LENGTH);
            if ((mode & 2) != 0) fixTransport(b, 6, b[6] & 0xff, IpPacket.IPV6_HEADER_LENGTH, payload);
        }
    }

    private static void fixTransport(byte[] b, int version, int protocol, int off, int len) {
        IpAddress src = IpAddress.read(b, version == 4 ? 12 : 8, version == 4 ? 4 : 16);
        IpAddress dst = IpAddress.read(b, version == 4 ? 16 : 24, version == 4 ? 4 : 16);
        int field;
        switch (protocol) {
            case IpProtocol.TCP: field = 16; break;
            case IpProtocol.UDP: field = 6; break;
            case IpProtocol.ICMP:
            case IpProtocol.ICMPV6: field = 2; break;
            default: return;
        }
        if (len < field + 2) return;
        if (protocol == IpProtocol.UDP && len >= 8) {
            int udpLen = Bytes.u16be(b, off + 4);
            if (udpLen >= 8 && udpLen <= len) len = udpLen; // the UDP checksum covers the UDP length only
        }
        Bytes.put16be(b, off + field, 0);
        int cs = protocol == IpProtocol.ICMP ? Checksum.compute(b, off, len) : Checksum.upperLayer(src, dst, protocol, b, off, len);
        Bytes.put16be(b, off + field, cs);
    }
}
