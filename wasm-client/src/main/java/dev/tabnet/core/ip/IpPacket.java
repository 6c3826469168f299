package dev.tabnet.core.ip;

import dev.tabnet.core.util.Bytes;

/**
 * A parsed IPv4 (RFC 791) or IPv6 (RFC 8200) packet: addresses, upper-layer protocol and the
 * location of the upper-layer payload inside the original buffer (no copy).
 */
public final class IpPacket {
    public static final int IPV4_HEADER_LENGTH = 20;
    public static final int IPV6_HEADER_LENGTH = 40;
    public static final int DEFAULT_TTL = 64;

    public final int version;
    public final IpAddress src;
    public final IpAddress dst;
    public final int protocol;
    public final int ttl;
    public final byte[] buf;
    public final int payloadOffset;
    public final int payloadLength;

    private IpPacket(int version, IpAddress src, IpAddress dst, int protocol, int ttl, byte[] buf, int off, int len) {
        this.version = version;
        this.src = src;
        this.dst = dst;
        this.protocol = protocol;
        this.ttl = ttl;
        this.buf = buf;
        this.payloadOffset = off;
        this.payloadLength = len;
    }

    /** Parses and validates an IP header (IPv4 header checksum included). */
    public static IpPacket parse(byte[] b, int off, int len) throws MalformedPacketException {
        if (len < 1) throw new MalformedPacketException(DropReason.TRUNCATED, "empty packet");
        int version = (b[off] & 0xff) >>> 4;
        if (version == 4) return parseV4(b, off, len);
        if (version == 6) return parseV6(b, off, len);
        throw new MalformedPacketException(DropReason.BAD_VERSION, "IP version " + version);
    }

    private static IpPacket parseV4(byte[] b, int off, int len) throws MalformedPacketException {
        if (len < IPV4_HEADER_LENGTH) throw new MalformedPacketException(DropReason.TRUNCATED, "IPv4 header truncated");
        int ihl = (b[off] & 0x0f) * 4;
        int total = Bytes.u16be(b, off + 2);
        if (ihl < IPV4_HEADER_LENGTH || ihl > total) throw new MalformedPacketException(DropReason.BAD_HEADER_LENGTH, "IHL " + ihl);
        if (total > len) throw new MalformedPacketException(DropReason.TRUNCATED, "IPv4 total length " + total + " > " + len);
        if (Checksum.compute(b, off, ihl) != 0) throw new MalformedPacketException(DropReason.BAD_IP_CHECKSUM, "IPv4 header checksum");
        int flagsFrag = Bytes.u16be(b, off + 6);
        // More-fragments flag or a non-zero offset: we do not reassemble (the tunnel MTU avoids fragments).
        if ((flagsFrag & 0x2000) != 0 || (flagsFrag & 0x1fff) != 0) throw new MalformedPacketException(DropReason.FRAGMENT, "IPv4 fragment");
        IpAddress src = IpAddress.read(b, off + 12, 4);
        IpAddress dst = IpAddress.read(b, off + 16, 4);
        return new IpPacket(4, src, dst, b[off + 9] & 0xff, b[off + 8] & 0xff, b, off + ihl, total - ihl);
    }

    private static IpPacket parseV6(byte[] b, int off, int len) throws MalformedPacketException {
        if (len < IPV6_HEADER_LENGTH) throw new MalformedPacketException(DropReason.TRUNCATED, "IPv6 header truncated");
        int payloadLen = Bytes.u16be(b, off + 4);
        if (IPV6_HEADER_LENGTH + payloadLen > len) throw new MalformedPacketException(DropReason.TRUNCATED, "IPv6 payload length");
        int next = b[off + 6] & 0xff;
        IpAddress src = IpAddress.read(b, off + 8, 16);
        IpAddress dst = IpAddress.read(b, off + 24, 16);
        // Extension headers (hop-by-hop, routing, fragment...) are not supported: counted as unsupported.
        return new IpPacket(6, src, dst, next, b[off + 7] & 0xff, b, off + IPV6_HEADER_LENGTH, payloadLen);
    }

    public static int headerLength(IpAddress src) {
        return src.isV4() ? IPV4_HEADER_LENGTH : IPV6_HEADER_LENGTH;
    }

    /**
     * Writes an IP header in front of an upper-layer payload already placed at
     * {@code off + headerLength(src)}; {@code b} must hold the whole packet.
     */
    public static void writeHeader(byte[] b, int off, IpAddress src, IpAddress dst, int protocol, int payloadLength, int ttl, int ident) {
        if (src.isV4() != dst.isV4()) throw new IllegalArgumentException("address family mismatch");
        if (src.isV4()) {
            b[off] = 0x45;
            b[off + 1] = 0;
            Bytes.put16be(b, off + 2, IPV4_HEADER_LENGTH + payloadLength);
            Bytes.put16be(b, off + 4, ident);
            Bytes.put16be(b, off + 6, 0x4000); // DF: we size segments to the MTU ourselves
            b[off + 8] = (byte) ttl;
            b[off + 9] = (byte) protocol;
            b[off + 10] = 0;
            b[off + 11] = 0;
            src.writeTo(b, off + 12);
            dst.writeTo(b, off + 16);
            Bytes.put16be(b, off + 10, Checksum.compute(b, off, IPV4_HEADER_LENGTH));
        } else {
            b[off] = 0x60;
            b[off + 1] = 0;
            b[off + 2] = 0;
            b[off + 3] = 0;
            Bytes.put16be(b, off + 4, payloadLength);
            b[off + 6] = (byte) protocol;
            b[off + 7] = (byte) ttl;
            src.writeTo(b, off + 8);
            dst.writeTo(b, off + 24);
        }
    }
}
