package dev.tabnet.core.util;

/** Big- and little-endian integer access on byte arrays, plus small array helpers. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16be(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    public static void put16be(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static int i32be(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    public static long u32be(byte[] b, int off) {
        return i32be(b, off) & 0xffffffffL;
    }

    public static void put32be(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static int i32le(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static long u32le(byte[] b, int off) {
        return i32le(b, off) & 0xffffffffL;
    }

    public static void put32le(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static long i64be(byte[] b, int off) {
        return (u32be(b, off) << 32) | u32be(b, off + 4);
    }

    public static void put64be(byte[] b, int off, long v) {
        put32be(b, off, v >>> 32);
        put32be(b, off + 4, v);
    }

    public static long i64le(byte[] b, int off) {
        return u32le(b, off) | (u32le(b, off + 4) << 32);
    }

    public static void put64le(byte[] b, int off, long v) {
        put32le(b, off, v);
        put32le(b, off + 4, v >>> 32);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    public static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }

    /** Constant-time comparison, for MACs and keys. */
    public static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) diff |= a[aOff + i] ^ b[bOff + i];
        return diff == 0;
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a.length == b.length && constantTimeEquals(a, 0, b, 0, a.length);
    }

    public static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) acc |= x;
        return acc == 0;
    }

    public static void wipe(byte[] b) {
        if (b != null) java.util.Arrays.fill(b, (byte) 0);
    }
}
