package dev.tabnet.core.wireguard;

import dev.tabnet.core.util.Bytes;

/** Just enough IPv4/IPv6 header parsing for cryptokey routing. */
final class IpHeader {
    private IpHeader() {}

    static final int V4_SRC = 12;
    static final int V4_DST = 16;
    static final int V6_SRC = 8;
    static final int V6_DST = 24;

    static int totalLength(byte[] p, int len) {
        return totalLength(p, 0, len);
    }

    /** The packet's length per its header (trailing padding excluded), or -1 if it is not a sane IP packet. */
    static int totalLength(byte[] p, int off, int len) {
        if (len < 1) return -1;
        int version = (p[off] & 0xff) >>> 4;
        if (version == 4) {
            if (len < 20) return -1;
            int total = Bytes.u16be(p, off + 2);
            return total < 20 || total > len ? -1 : total;
        }
        if (version == 6) {
            if (len < 40) return -1;
            int total = 40 + Bytes.u16be(p, off + 4);
            return total > len ? -1 : total;
        }
        return -1;
    }
}
