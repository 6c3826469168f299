package dev.tabnet.core.control;

import dev.tabnet.core.crypto.Blake2s;
import java.nio.charset.StandardCharsets;

/**
 * The short code a person compares between the tab and the phone's approval page. Both sides derive
 * it from the login URL and the node key being approved, so no protocol field is needed, and a
 * login link made by someone else's node shows a code that does not match the one in your tab.
 */
public final class LoginMatchingCode {
    static final byte[] LABEL = "tabnet login matching code v1".getBytes(StandardCharsets.UTF_8);
    public static final int DIGITS = 6;

    private LoginMatchingCode() {}

    /** Six decimal digits, shown as "123 456". */
    public static String of(String authUrl, byte[] nodePublicKey) {
        byte[] h = Blake2s.hash(LABEL, authUrl.getBytes(StandardCharsets.UTF_8), nodePublicKey);
        long v = ((h[0] & 0xffL) << 24 | (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL)) % 1_000_000L;
        String digits = Long.toString(v + 1_000_000L).substring(1);
        return digits.substring(0, 3) + " " + digits.substring(3);
    }
}
