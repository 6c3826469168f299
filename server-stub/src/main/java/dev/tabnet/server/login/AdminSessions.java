package dev.tabnet.server.login;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Short-lived tokens issued after the operator password was checked on the node list page, so that
 * each revoke button works without typing the password again and without a cookie.
 */
final class AdminSessions {
    static final long LIFETIME_MILLIS = 5 * 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final LongSupplier clockMillis;
    private final Map<String, Long> expiries = new LinkedHashMap<>();

    AdminSessions(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    synchronized String issue() {
        prune();
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        expiries.put(t, clockMillis.getAsLong() + LIFETIME_MILLIS);
        return t;
    }

    synchronized boolean valid(String token) {
        prune();
        if (token == null) return false;
        for (String t : expiries.keySet()) {
            if (MessageDigest.isEqual(t.getBytes(), token.getBytes())) return true;
        }
        return false;
    }

    private void prune() {
        long now = clockMillis.getAsLong();
        for (Iterator<Long> it = expiries.values().iterator(); it.hasNext(); ) if (it.next() <= now) it.remove();
    }
}
