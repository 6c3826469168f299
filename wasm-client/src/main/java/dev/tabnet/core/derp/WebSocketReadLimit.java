package dev.tabnet.core.derp;

/**
 * Our one extension of DERP over WebSocket. Tailscale's clients read WebSocket messages of at most
 * 32 KiB (coder/websocket's default read limit), so a relay must not send larger ones. A client
 * that reads larger messages says so in the relay URL's query, {@code /derp?read-limit=N}; our
 * relay then batches up to min(N, {@link #MAX}) bytes into one message to it, which a browser
 * pays for per message (a task, an event and a copy into Wasm). Tailscale's derper ignores the
 * query, and a client that does not ask gets {@link #DEFAULT}.
 */
public final class WebSocketReadLimit {
    public static final String QUERY_PARAM = "read-limit";
    public static final int DEFAULT = 32 << 10;
    public static final int MAX = 256 << 10;

    private WebSocketReadLimit() {}

    /** url with the ask for limit appended to its query. */
    public static String ask(String url, int limit) {
        return url + (url.indexOf('?') >= 0 ? "&" : "?") + QUERY_PARAM + "=" + limit;
    }

    /**
     * The limit a request's raw query (null when none) asks for, clamped to [DEFAULT, MAX]; DEFAULT
     * when it does not ask or the value is not a decimal number.
     */
    public static int granted(String query) {
        if (query == null) return DEFAULT;
        String prefix = QUERY_PARAM + "=";
        for (String part : query.split("&")) {
            if (!part.startsWith(prefix)) continue;
            String digits = part.substring(prefix.length());
            if (digits.isEmpty()) return DEFAULT;
            long n = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') return DEFAULT;
                n = Math.min(MAX, n * 10 + (c - '0')); // saturates: any number of digits is fine
            }
            return (int) Math.max(DEFAULT, n);
        }
        return DEFAULT;
    }
}
