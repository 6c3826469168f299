package dev.tabnet.core.tcp;

import dev.tabnet.core.ip.Checksum;
import dev.tabnet.core.ip.DropReason;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.IpProtocol;
import dev.tabnet.core.ip.MalformedPacketException;
import dev.tabnet.core.util.Bytes;

/**
 * One TCP segment (RFC 9293 header) with the options we understand: MSS (RFC 9293), window scale
 * and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018).
 */
public final class TcpSegment {
    public static final int HEADER_LENGTH = 20;
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    static final int OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WSCALE = 3, OPT_SACK_PERMITTED = 4, OPT_SACK = 5, OPT_TIMESTAMP = 8;

    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int flags;
    /** Raw 16-bit window field (not scaled). */
    public int window;
    public int mss = -1;
    public int windowScale = -1;
    public boolean sackPermitted;
    public boolean hasTimestamp;
    public int tsVal;
    public int tsEcr;
    /** SACK blocks as (left, right) sequence pairs. */
    public int[] sackBlocks = NO_BLOCKS;
    public byte[] payload = NO_DATA;
    public int payloadOffset;
    public int payloadLength;

    static final int[] NO_BLOCKS = new int[0];
    static final byte[] NO_DATA = new byte[0];

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space the segment occupies: payload plus one each for SYN and FIN. */
    public int seqLength() {
        return payloadLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    public static TcpSegment parse(IpPacket p) throws MalformedPacketException {
        byte[] b = p.buf;
        int off = p.payloadOffset, len = p.payloadLength;
        if (len < HEADER_LENGTH) throw new MalformedPacketException(DropReason.TRUNCATED, "TCP header");
        int dataOff = ((b[off + 12] & 0xff) >>> 4) * 4;
        if (dataOff < HEADER_LENGTH || dataOff > len) throw new MalformedPacketException(DropReason.BAD_HEADER_LENGTH, "TCP data offset " + dataOff);
        if (Checksum.upperLayer(p.src, p.dst, IpProtocol.TCP, b, off, len) != 0)
            throw new MalformedPacketException(DropReason.BAD_TRANSPORT_CHECKSUM, "TCP checksum");
        TcpSegment s = new TcpSegment();
        s.srcPort = Bytes.u16be(b, off);
        s.dstPort = Bytes.u16be(b, off + 2);
        s.seq = Bytes.i32be(b, off + 4);
        s.ack = Bytes.i32be(b, off + 8);
        s.flags = b[off + 13] & 0xff;
        s.window = Bytes.u16be(b, off + 14);
        s.parseOptions(b, off + HEADER_LENGTH, dataOff - HEADER_LENGTH);
        s.payload = b;
        s.payloadOffset = off + dataOff;
        s.payloadLength = len - dataOff;
        return s;
    }

    private void parseOptions(byte[] b, int off, int len) throws MalformedPacketException {
        int i = off, end = off + len;
        while (i < end) {
            int kind = b[i] & 0xff;
            if (kind == OPT_EOL) break;
            if (kind == OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) throw new MalformedPacketException(DropReason.BAD_TCP_OPTIONS, "option length missing");
            int olen = b[i + 1] & 0xff;
            if (olen < 2 || i + olen > end) throw new MalformedPacketException(DropReason.BAD_TCP_OPTIONS, "option length " + olen);
            switch (kind) {
                case OPT_MSS:
                    if (olen == 4) mss = Bytes.u16be(b, i + 2);
                    break;
                case OPT_WSCALE:
                    if (olen == 3) windowScale = Math.min(b[i + 2] & 0xff, 14); // RFC 7323 2.3: clamp to 14
                    break;
                case OPT_SACK_PERMITTED:
                    if (olen == 2) sackPermitted = true;
                    break;
                case OPT_SACK:
                    if ((olen - 2) % 8 == 0) {
                        int n = (olen - 2) / 8;
                        sackBlocks = new int[n * 2];
                        for (int k = 0; k < n * 2; k++) sackBlocks[k] = Bytes.i32be(b, i + 2 + 4 * k);
                    }
                    break;
                case OPT_TIMESTAMP:
                    if (olen == 10) {
                        hasTimestamp = true;
                        tsVal = Bytes.i32be(b, i + 2);
                        tsEcr = Bytes.i32be(b, i + 6);
                    }
                    break;
                default:
                    break; // unknown options are skipped by length
            }
            i += olen;
        }
    }

    int optionsLength() {
        int n = 0;
        if (mss >= 0) n += 4;
        if (windowScale >= 0) n += 4; // NOP + 3
        if (sackPermitted) n += hasTimestamp ? 2 : 4; // shares NOP padding with timestamps
        if (hasTimestamp) n += sackPermitted ? 10 : 12;
        if (sackBlocks.length > 0) n += 4 + 4 * sackBlocks.length; // NOP NOP + kind,len + blocks
        return (n + 3) & ~3;
    }

    /** Serializes the segment inside a complete IP packet with both checksums filled in. */
    public byte[] toPacket(IpAddress src, IpAddress dst, int ident) {
        int hl = IpPacket.headerLength(src);
        int optLen = optionsLength();
        int tcpLen = HEADER_LENGTH + optLen + payloadLength;
        byte[] pkt = new byte[hl + tcpLen];
        int o = hl;
        Bytes.put16be(pkt, o, srcPort);
        Bytes.put16be(pkt, o + 2, dstPort);
        Bytes.put32be(pkt, o + 4, seq);
        Bytes.put32be(pkt, o + 8, ack);
        pkt[o + 12] = (byte) (((HEADER_LENGTH + optLen) / 4) << 4);
        pkt[o + 13] = (byte) flags;
        Bytes.put16be(pkt, o + 14, window);
        int i = o + HEADER_LENGTH;
        if (mss >= 0) {
            pkt[i++] = OPT_MSS;
            pkt[i++] = 4;
            Bytes.put16be(pkt, i, mss);
            i += 2;
        }
        if (sackPermitted && hasTimestamp) {
            pkt[i++] = OPT_SACK_PERMITTED;
            pkt[i++] = 2;
            i = writeTimestamp(pkt, i);
        } else if (sackPermitted) {
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_SACK_PERMITTED;
            pkt[i++] = 2;
        } else if (hasTimestamp) {
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_NOP;
            i = writeTimestamp(pkt, i);
        }
        if (windowScale >= 0) {
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_WSCALE;
            pkt[i++] = 3;
            pkt[i++] = (byte) windowScale;
        }
        if (sackBlocks.length > 0) {
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_NOP;
            pkt[i++] = OPT_SACK;
            pkt[i++] = (byte) (2 + 4 * sackBlocks.length);
            for (int v : sackBlocks) {
                Bytes.put32be(pkt, i, v);
                i += 4;
            }
        }
        while (i < o + HEADER_LENGTH + optLen) pkt[i++] = OPT_NOP; // pad (never reached with the layouts above)
        System.arraycopy(payload, payloadOffset, pkt, o + HEADER_LENGTH + optLen, payloadLength);
        Bytes.put16be(pkt, o + 16, Checksum.upperLayer(src, dst, IpProtocol.TCP, pkt, o, tcpLen));
        IpPacket.writeHeader(pkt, 0, src, dst, IpProtocol.TCP, tcpLen, IpPacket.DEFAULT_TTL, ident);
        return pkt;
    }

    private int writeTimestamp(byte[] pkt, int i) {
        pkt[i++] = OPT_TIMESTAMP;
        pkt[i++] = 10;
        Bytes.put32be(pkt, i, tsVal);
        Bytes.put32be(pkt, i + 4, tsEcr);
        return i + 8;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(srcPort).append('>').append(dstPort).append(" [");
        if (has(SYN)) sb.append('S');
        if (has(FIN)) sb.append('F');
        if (has(RST)) sb.append('R');
        if (has(PSH)) sb.append('P');
        if (has(ACK)) sb.append('.');
        sb.append("] seq=").append(seq & 0xffffffffL).append(" ack=").append(ack & 0xffffffffL)
                .append(" win=").append(window).append(" len=").append(payloadLength);
        if (sackBlocks.length > 0) sb.append(" sack=").append(sackBlocks.length / 2);
        return sb.toString();
    }
}
