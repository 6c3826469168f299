package dev.tabnet.core.ip;

/**
 * The Internet checksum (RFC 1071): the 16-bit ones' complement of the ones' complement sum of
 * 16-bit big-endian words. Sums are kept as unfolded ints so that pseudo-header and payload parts
 * can be added separately, then folded once.
 */
public final class Checksum {
    private Checksum() {}

    /** Adds the bytes as big-endian 16-bit words to {@code sum} (an odd last byte is padded with zero). */
    public static int add(int sum, byte[] b, int off, int len) {
        long acc = sum & 0xffffffffL;
        int i = off;
        int stop = off + len;
        // Four words per iteration: a quarter of the loop tests (each one a callback under the fuzzer).
        for (; stop - i >= 8; i += 8) {
            acc += (((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)) + (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff))
                    + (((b[i + 4] & 0xff) << 8) | (b[i + 5] & 0xff)) + (((b[i + 6] & 0xff) << 8) | (b[i + 7] & 0xff));
        }
        for (; stop - i >= 2; i += 2) acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < stop) acc += (b[i] & 0xff) << 8;
        // Fold to keep the partial sum inside an int without losing carries.
        while ((acc >>> 32) != 0 || acc > 0x7fffffffL) acc = (acc & 0xffff) + (acc >>> 16);
        return (int) acc;
    }

    /** Folds carries into 16 bits and returns the ones' complement, i.e. the value for the header field. */
    public static int finish(int sum) {
        long acc = sum & 0xffffffffL;
        while ((acc >>> 16) != 0) acc = (acc & 0xffff) + (acc >>> 16);
        return (int) (~acc & 0xffff);
    }

    public static int compute(byte[] b, int off, int len) {
        return finish(add(0, b, off, len));
    }

    /** Pseudo-header sum for TCP/UDP/ICMPv6 (RFC 793 for IPv4, RFC 8200 section 8.1 for IPv6). */
    public static int pseudoHeader(IpAddress src, IpAddress dst, int protocol, int upperLength) {
        int sum = add(0, src.bytes(), 0, src.length());
        sum = add(sum, dst.bytes(), 0, dst.length());
        long acc = (sum & 0xffffffffL) + protocol + (upperLength & 0xffff) + (upperLength >>> 16);
        while ((acc >>> 32) != 0 || acc > 0x7fffffffL) acc = (acc & 0xffff) + (acc >>> 16);
        return (int) acc;
    }

    /** Checksum of an upper-layer message including its pseudo-header; 0 means the stored checksum verifies. */
    public static int upperLayer(IpAddress src, IpAddress dst, int protocol, byte[] b, int off, int len) {
        return finish(add(pseudoHeader(src, dst, protocol, len), b, off, len));
    }
}
