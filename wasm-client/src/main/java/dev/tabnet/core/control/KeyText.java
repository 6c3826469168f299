package dev.tabnet.core.control;

/**
 * Tailscale's text forms of 32-byte keys ({@code types/key/*.go}): a type prefix and exactly 64 hex
 * digits. Encoders write lower case; the parser accepts either case but insists on the exact prefix.
 */
public final class KeyText {
    public static final String MACHINE_PUBLIC = "mkey:";
    public static final String NODE_PUBLIC = "nodekey:";
    public static final String DISCO_PUBLIC = "discokey:";
    public static final String PRIVATE = "privkey:";
    public static final String TAILNET_LOCK_PUBLIC = "nlpub:";
    public static final String CHALLENGE_PUBLIC = "chalpub:";

    public static final int KEY_SIZE = 32;
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private KeyText() {}

    /** prefix + 64 lower-case hex digits. */
    public static String format(String prefix, byte[] key) {
        if (key.length != KEY_SIZE) throw new IllegalArgumentException("key must be 32 bytes");
        StringBuilder sb = new StringBuilder(prefix.length() + 2 * KEY_SIZE).append(prefix);
        for (byte b : key) sb.append(DIGITS[(b >>> 4) & 0xf]).append(DIGITS[b & 0xf]);
        return sb.toString();
    }

    /** The 32 key bytes of text, which must be prefix + 64 hex digits. */
    public static byte[] parse(String prefix, String text) throws KeyFormatException {
        if (text == null) throw new KeyFormatException("missing " + prefix + " key");
        if (!text.startsWith(prefix)) throw new KeyFormatException("key does not start with " + prefix);
        int hexLen = text.length() - prefix.length();
        if (hexLen != 2 * KEY_SIZE) {
            throw new KeyFormatException(prefix + " key must have 64 hex digits, got " + hexLen + " characters");
        }
        byte[] out = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            int hi = digit(text.charAt(prefix.length() + 2 * i));
            int lo = digit(text.charAt(prefix.length() + 2 * i + 1));
            if (hi < 0 || lo < 0) throw new KeyFormatException(prefix + " key has a non-hex character");
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** The tailnet-lock key parser also accepts the CLI form "tlpub:". */
    public static byte[] parseTailnetLockPublic(String text) throws KeyFormatException {
        if (text != null && text.startsWith("tlpub:")) return parse("tlpub:", text);
        return parse(TAILNET_LOCK_PUBLIC, text);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** A key text that is not of the expected form. */
    public static final class KeyFormatException extends Exception {
        public KeyFormatException(String message) {
            super(message);
        }
    }
}
