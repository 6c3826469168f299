package dev.tabnet.tests.wireguard;

/** Hand-built IPv4 + ICMP echo packets (the userspace TCP/IP stack lives elsewhere). */
final class Icmp {
    private Icmp() {}

    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;

    static byte[] echo(int type, byte[] src, byte[] dst, int id, int seq, byte[] payload) {
        byte[] p = new byte[20 + 8 + payload.length];
        p[0] = 0x45;
        put16(p, 2, p.length);
        put16(p, 4, seq); // IP identification
        p[6] = 0x40; // don't fragment
        p[8] = 64;
        p[9] = 1; // ICMP
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        put16(p, 10, checksum(p, 0, 20));
        p[20] = (byte) type;
        put16(p, 24, id);
        put16(p, 26, seq);
        System.arraycopy(payload, 0, p, 28, payload.length);
        put16(p, 22, checksum(p, 20, p.length - 20));
        return p;
    }

    static boolean isIcmp(byte[] p) {
        return p.length >= 28 && (p[0] & 0xf0) == 0x40 && p[9] == 1;
    }

    static int type(byte[] p) {
        return p[(p[0] & 0x0f) * 4] & 0xff;
    }

    static int id(byte[] p) {
        return u16(p, (p[0] & 0x0f) * 4 + 4);
    }

    static int seq(byte[] p) {
        return u16(p, (p[0] & 0x0f) * 4 + 6);
    }

    static byte[] src(byte[] p) {
        return java.util.Arrays.copyOfRange(p, 12, 16);
    }

    static byte[] payload(byte[] p) {
        return java.util.Arrays.copyOfRange(p, (p[0] & 0x0f) * 4 + 8, u16(p, 2));
    }

    /** The echo reply the kernel would send for this echo request. */
    static byte[] replyTo(byte[] request) {
        return echo(ECHO_REPLY, java.util.Arrays.copyOfRange(request, 16, 20), src(request), id(request), seq(request), payload(request));
    }

    static boolean checksumsValid(byte[] p) {
        int ihl = (p[0] & 0x0f) * 4;
        return checksum(p, 0, ihl) == 0 && checksum(p, ihl, u16(p, 2) - ihl) == 0;
    }

    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += u16(b, off + i);
        if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
