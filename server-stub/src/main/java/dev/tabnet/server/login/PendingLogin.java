package dev.tabnet.server.login;

import java.util.concurrent.CompletableFuture;

/** One login link: who asked, the code to compare, and how it ended. */
public final class PendingLogin {
    public enum State { PENDING, APPROVED, DENIED, EXPIRED, BURNED }

    public final String id;
    public final String authUrl;
    private final byte[] nodeKey;
    private final byte[] machineKey;
    public final String hostname;
    public final String remoteAddress;
    public final String userAgent;
    public final String matchingCode;
    public final long createdMillis;
    public final long expiresMillis;
    /** Completes with true when approved, false when denied, expired or burned. */
    public final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
    volatile State state = State.PENDING;
    int failedAttempts;

    PendingLogin(String id, String authUrl, byte[] nodeKey, byte[] machineKey, String hostname, String remoteAddress,
                 String userAgent, String matchingCode, long createdMillis, long expiresMillis) {
        this.id = id;
        this.authUrl = authUrl;
        this.nodeKey = nodeKey.clone();
        this.machineKey = machineKey.clone();
        this.hostname = hostname;
        this.remoteAddress = remoteAddress;
        this.userAgent = userAgent;
        this.matchingCode = matchingCode;
        this.createdMillis = createdMillis;
        this.expiresMillis = expiresMillis;
    }

    public byte[] nodeKey() {
        return nodeKey.clone();
    }

    public byte[] machineKey() {
        return machineKey.clone();
    }

    public State state() {
        return state;
    }
}
