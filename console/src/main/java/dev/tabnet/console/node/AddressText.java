package dev.tabnet.console.node;

import dev.tabnet.core.ip.IpAddress;

/** Addresses as people type them: dotted IPv4, and IPv6 in RFC 5952's short form ("fd7a:115c:a1e0::2"). */
final class AddressText {
    private AddressText() {}

    static String of(IpAddress a) {
        if (a.isV4()) return a.toString();
        byte[] b = a.bytes();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        // RFC 5952 §4.2: the longest run of two or more zero groups (the first if tied) becomes "::".
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
