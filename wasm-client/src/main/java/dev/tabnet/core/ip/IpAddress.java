package dev.tabnet.core.ip;

import java.util.Arrays;

/** An immutable IPv4 (4 bytes) or IPv6 (16 bytes) address. */
public final class IpAddress {
    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static IpAddress of(byte[] b) {
        if (b.length != 4 && b.length != 16) throw new IllegalArgumentException("address must be 4 or 16 bytes");
        return new IpAddress(b.clone());
    }

    public static IpAddress read(byte[] b, int off, int len) {
        byte[] c = new byte[len];
        System.arraycopy(b, off, c, 0, len);
        return new IpAddress(c);
    }

    public static IpAddress v4(int a, int b, int c, int d) {
        return new IpAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    /** Parses dotted IPv4 or (full or ::-compressed) IPv6 text. */
    public static IpAddress parse(String s) {
        if (s.indexOf(':') < 0) {
            byte[] out = new byte[4];
            int part = 0, val = 0, digits = 0;
            for (int i = 0; i <= s.length(); i++) {
                char ch = i < s.length() ? s.charAt(i) : '.';
                if (ch == '.') {
                    if (digits == 0 || val > 255 || part > 3) throw new IllegalArgumentException("bad IPv4: " + s);
                    out[part++] = (byte) val;
                    val = 0;
                    digits = 0;
                } else if (ch >= '0' && ch <= '9') {
                    val = val * 10 + (ch - '0');
                    digits++;
                } else throw new IllegalArgumentException("bad IPv4: " + s);
            }
            if (part != 4) throw new IllegalArgumentException("bad IPv4: " + s);
            return new IpAddress(out);
        }
        int dbl = s.indexOf("::");
        String head = dbl < 0 ? s : s.substring(0, dbl);
        String tail = dbl < 0 ? "" : s.substring(dbl + 2);
        int[] h = groups(head), t = groups(tail);
        if (dbl < 0 && h.length != 8 || h.length + t.length > (dbl < 0 ? 8 : 7)) throw new IllegalArgumentException("bad IPv6: " + s);
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >>> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int g = 8 - t.length + i;
            out[2 * g] = (byte) (t[i] >>> 8);
            out[2 * g + 1] = (byte) t[i];
        }
        return new IpAddress(out);
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) return new int[0];
        int n = 1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ':') n++;
        int[] g = new int[n];
        int k = 0, val = 0, digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char ch = i < s.length() ? s.charAt(i) : ':';
            if (ch == ':') {
                if (digits == 0 || digits > 4) throw new IllegalArgumentException("bad IPv6 group in " + s);
                g[k++] = val;
                val = 0;
                digits = 0;
            } else {
                int d = Character.digit(ch, 16);
                if (d < 0) throw new IllegalArgumentException("bad IPv6 digit in " + s);
                val = val * 16 + d;
                digits++;
            }
        }
        return g;
    }

    public boolean isV4() {
        return bytes.length == 4;
    }

    /**
     * Never a valid source on the wire (RFC 1122 3.2.1.3, RFC 4291 2.5.2/2.5.3/2.7): the unspecified
     * address, loopback, multicast and (IPv4) limited broadcast.
     */
    public boolean isMartianSource() {
        int first = bytes[0] & 0xff;
        if (isV4()) {
            boolean zero = (bytes[0] | bytes[1] | bytes[2] | bytes[3]) == 0;
            boolean broadcast = (bytes[0] & bytes[1] & bytes[2] & bytes[3]) == -1;
            return zero || broadcast || first == 127 || (first & 0xf0) == 0xe0;
        }
        if (first == 0xff) return true; // multicast
        for (int i = 0; i < 15; i++) if (bytes[i] != 0) return false;
        return bytes[15] == 0 || bytes[15] == 1; // :: or ::1
    }

    public int length() {
        return bytes.length;
    }

    /** The backing bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public void writeTo(byte[] b, int off) {
        System.arraycopy(bytes, 0, b, off, bytes.length);
    }

    public boolean matches(byte[] b, int off) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] != b[off + i]) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress && Arrays.equals(bytes, ((IpAddress) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (isV4()) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) sb.append('.');
                sb.append(bytes[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 8; i++) {
                if (i > 0) sb.append(':');
                sb.append(Integer.toHexString(((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff)));
            }
        }
        return sb.toString();
    }
}
