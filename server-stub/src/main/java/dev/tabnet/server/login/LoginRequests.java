package dev.tabnet.server.login;

import dev.tabnet.core.control.LoginMatchingCode;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Open login links. Each is bound to the node key that asked, approved at most once, and dead after
 * {@link #LINK_LIFETIME_MILLIS}. Wrong passwords burn a link after {@link #MAX_FAILURES_PER_LINK}
 * tries, and more than {@link #MAX_FAILURES_PER_MINUTE} failures server-wide pause all approvals
 * for a minute, so neither the link id (128 random bits) nor the password can be brute-forced.
 */
public final class LoginRequests {
    public static final long LINK_LIFETIME_MILLIS = 5 * 60_000;
    public static final int MAX_FAILURES_PER_LINK = 5;
    public static final int MAX_FAILURES_PER_MINUTE = 20;
    /** Bound on open links, so a flood of registrations cannot exhaust memory. */
    public static final int MAX_OPEN_LINKS = 1000;

    public enum Result { APPROVED, DENIED, WRONG_CREDENTIAL, UNKNOWN, EXPIRED, ALREADY_USED, BURNED, THROTTLED }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongSupplier clockMillis;
    private final String loginBaseUrl;
    private final OperatorCredential credential;
    private final Map<String, PendingLogin> links = new LinkedHashMap<>();
    private final Deque<Long> recentFailures = new ArrayDeque<>();

    /** @param loginBaseUrl e.g. {@code http://host:8080/login/}; the link id is appended. */
    public LoginRequests(LongSupplier clockMillis, String loginBaseUrl, OperatorCredential credential) {
        this.clockMillis = clockMillis;
        this.loginBaseUrl = loginBaseUrl;
        this.credential = credential;
    }

    /** Opens a link for a node key, or returns the still-pending one it already has. */
    public synchronized PendingLogin open(byte[] nodeKey, byte[] machineKey, String hostname, String remoteAddress, String userAgent) {
        long now = clockMillis.getAsLong();
        expire(now);
        for (PendingLogin p : links.values()) {
            if (p.state == PendingLogin.State.PENDING && Arrays.equals(p.nodeKey(), nodeKey)) return p;
        }
        if (links.size() >= MAX_OPEN_LINKS) throw new IllegalStateException("too many open login links; try again later");
        byte[] idBytes = new byte[16];
        RANDOM.nextBytes(idBytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        String url = loginBaseUrl + id;
        PendingLogin p = new PendingLogin(id, url, nodeKey, machineKey, hostname, remoteAddress, userAgent,
                LoginMatchingCode.of(url, nodeKey), now, now + LINK_LIFETIME_MILLIS);
        links.put(id, p);
        return p;
    }

    /** The link with this id if it is still pending; expired links are reported as such. */
    public synchronized PendingLogin find(String id) {
        expire(clockMillis.getAsLong());
        return links.get(id);
    }

    /** The link a client's Followup URL names, if it belongs to that node key. */
    public synchronized PendingLogin forFollowup(String followupUrl, byte[] nodeKey) {
        if (followupUrl == null || !followupUrl.startsWith(loginBaseUrl)) return null;
        PendingLogin p = find(followupUrl.substring(loginBaseUrl.length()));
        return p != null && Arrays.equals(p.nodeKey(), nodeKey) ? p : null;
    }

    public Result approve(String id, String password) {
        return decide(id, password, true);
    }

    public Result deny(String id, String password) {
        return decide(id, password, false);
    }

    private Result decide(String id, String password, boolean approve) {
        PendingLogin p;
        synchronized (this) {
            long now = clockMillis.getAsLong();
            expire(now);
            p = links.get(id);
            if (p == null) return Result.UNKNOWN;
            switch (p.state) {
                case EXPIRED: return Result.EXPIRED;
                case BURNED: return Result.BURNED;
                case APPROVED: case DENIED: return Result.ALREADY_USED;
                default: break;
            }
            if (throttled(now)) return Result.THROTTLED;
            if (!credential.matches(password)) {
                recentFailures.addLast(now);
                if (++p.failedAttempts >= MAX_FAILURES_PER_LINK) {
                    p.state = PendingLogin.State.BURNED;
                    p.outcome.complete(false);
                    return Result.BURNED;
                }
                return Result.WRONG_CREDENTIAL;
            }
            p.state = approve ? PendingLogin.State.APPROVED : PendingLogin.State.DENIED;
        }
        p.outcome.complete(approve);
        return approve ? Result.APPROVED : Result.DENIED;
    }

    /** Checks the operator credential outside of any link (node list, revoke), with the same throttle. */
    public synchronized Result checkOperator(String password) {
        long now = clockMillis.getAsLong();
        if (throttled(now)) return Result.THROTTLED;
        if (credential.matches(password)) return Result.APPROVED;
        recentFailures.addLast(now);
        return Result.WRONG_CREDENTIAL;
    }

    private boolean throttled(long now) {
        while (!recentFailures.isEmpty() && now - recentFailures.peekFirst() >= 60_000) recentFailures.removeFirst();
        return recentFailures.size() >= MAX_FAILURES_PER_MINUTE;
    }

    /** Marks links past their lifetime; forgets finished ones after another lifetime. */
    private void expire(long now) {
        for (Iterator<PendingLogin> it = links.values().iterator(); it.hasNext(); ) {
            PendingLogin p = it.next();
            if (p.state == PendingLogin.State.PENDING && now >= p.expiresMillis) {
                p.state = PendingLogin.State.EXPIRED;
                p.outcome.complete(false);
            }
            if (now >= p.expiresMillis + LINK_LIFETIME_MILLIS) it.remove();
        }
    }

    /** Expires what is due; the server calls this periodically so waiting clients hear promptly. */
    public synchronized void sweep() {
        expire(clockMillis.getAsLong());
    }
}
