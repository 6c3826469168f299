package dev.tabnet.server.tailnet;

import java.util.Locale;
import java.util.Set;

/**
 * MagicDNS-style names: the host name a node reports, reduced to one DNS label, made unique in the
 * tailnet with a numeric suffix, under the tailnet's domain ("laptop" → "laptop.tabnet.internal.").
 */
public final class MagicDns {
    public static final String DEFAULT_DOMAIN = "tabnet.internal";
    static final int MAX_LABEL = 63;

    private MagicDns() {}

    /** Lower-case letters, digits and inner hyphens only; "node" when nothing usable is left. */
    public static String label(String hostname) {
        String h = hostname == null ? "" : hostname.toLowerCase(Locale.ROOT);
        int dot = h.indexOf('.');
        if (dot >= 0) h = h.substring(0, dot);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length() && sb.length() < MAX_LABEL; i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) sb.append(c);
            else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') sb.append('-');
        }
        while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-') sb.setLength(sb.length() - 1);
        return sb.length() == 0 ? "node" : sb.toString();
    }

    /** The first of label, label-2, label-3, … that {@code taken} does not hold. */
    public static String unique(String label, Set<String> taken) {
        if (!taken.contains(label)) return label;
        for (int n = 2; ; n++) {
            String suffix = "-" + n;
            String base = label.length() + suffix.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - suffix.length()) : label;
            if (!taken.contains(base + suffix)) return base + suffix;
        }
    }

    public static String fqdn(String label, String domain) {
        return label + "." + domain + ".";
    }
}
