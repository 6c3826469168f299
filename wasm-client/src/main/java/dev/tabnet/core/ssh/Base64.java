package dev.tabnet.core.ssh;

/** RFC 4648 base64, for fingerprints and authorized_keys lines (kept here so the core needs no JDK codec). */
final class Base64 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private Base64() {}

    static String encode(byte[] b, boolean pad) {
        StringBuilder sb = new StringBuilder((b.length + 2) / 3 * 4);
        int i = 0;
        for (; i + 2 < b.length; i += 3) {
            int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
            sb.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]).append(ALPHABET[(v >>> 6) & 63]).append(ALPHABET[v & 63]);
        }
        int rest = b.length - i;
        if (rest == 1) {
            int v = (b[i] & 0xff) << 16;
            sb.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]);
            if (pad) sb.append("==");
        } else if (rest == 2) {
            int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8;
            sb.append(ALPHABET[v >>> 18]).append(ALPHABET[(v >>> 12) & 63]).append(ALPHABET[(v >>> 6) & 63]);
            if (pad) sb.append('=');
        }
        return sb.toString();
    }

    /** Decodes standard base64 (padding optional); null if the text is not base64. */
    static byte[] decode(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == '=') n--;
        if (n % 4 == 1) return null;
        byte[] out = new byte[n * 3 / 4];
        int acc = 0, bits = 0, o = 0;
        for (int i = 0; i < n; i++) {
            int v = value(s.charAt(i));
            if (v < 0) return null;
            acc = acc << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
            }
        }
        return out;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    }
}
