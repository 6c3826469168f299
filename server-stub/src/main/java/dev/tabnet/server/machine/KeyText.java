package dev.tabnet.server.machine;

import dev.tabnet.core.util.Hex;

/** Tailscale's typed key text ("nodekey:" + 64 hex digits) as the control JSON carries it. */
final class KeyText {
    static final String NODE = "nodekey:";
    static final String MACHINE = "mkey:";
    static final String DISCO = "discokey:";

    private KeyText() {}

    /** The 32 key bytes, or null if the text is not exactly prefix + 64 hex digits. */
    static byte[] parse(Object text, String prefix) {
        if (!(text instanceof String)) return null;
        String s = (String) text;
        if (!s.startsWith(prefix) || s.length() != prefix.length() + 64) return null;
        try {
            byte[] k = Hex.decode(s.substring(prefix.length()));
            return k.length == 32 ? k : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String format(String prefix, byte[] key) {
        return prefix + Hex.encode(key);
    }
}
