package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import java.nio.charset.StandardCharsets;

/**
 * Per-device tunables. Defaults are the protocol constants; tests shrink the timers (e.g. to force a
 * rekey within seconds against a real peer). Read when the device is created.
 */
public final class WireGuardConfig {
    public long rekeyAfterTime = REKEY_AFTER_TIME;
    public long rejectAfterTime = REJECT_AFTER_TIME;
    public long rekeyAttemptTime = REKEY_ATTEMPT_TIME;
    public long rekeyTimeout = REKEY_TIMEOUT;
    public int rekeyTimeoutJitterMaxMs = REKEY_TIMEOUT_JITTER_MAX_MS;
    public long keepaliveTimeout = KEEPALIVE_TIMEOUT;
    /** Unsigned 64-bit message counts. */
    public long rekeyAfterMessages = REKEY_AFTER_MESSAGES;
    public long rejectAfterMessages = REJECT_AFTER_MESSAGES;
    /** Tunnel MTU: plaintext is padded to a multiple of 16, but never beyond this. */
    public int mtu = 1420;
    /** 0 = off (Tailscale does not configure persistent keepalives). */
    public long persistentKeepaliveInterval = 0;
    /**
     * Decides whether handshake messages must carry a valid mac2 (else a cookie reply is sent).
     * null = built-in rule: under load once more than {@link #underLoadHandshakesPerSecond} handshake
     * messages arrived within one second, and for UNDER_LOAD_AFTER_TIME afterwards.
     */
    public LoadCondition loadCondition;
    public int underLoadHandshakesPerSecond = 128;
    /** The bytes a cookie is bound to for a given endpoint (wireguard-go uses IP ‖ port). */
    public EndpointBytes endpointBytes = WireGuardConfig::defaultEndpointBytes;
    /** Package-private: only the fuzz harness swaps it (for a memoizing wrapper of the same functions). */
    Dh dh = Dh.X25519_DH;

    /** Whether the device considers itself under load at this instant. */
    public interface LoadCondition {
        boolean isUnderLoad(long nowNanos);
    }

    public interface EndpointBytes {
        byte[] of(Object endpoint);
    }

    static byte[] defaultEndpointBytes(Object endpoint) {
        if (endpoint == null) return new byte[0];
        if (endpoint instanceof byte[]) return (byte[]) endpoint;
        return endpoint.toString().getBytes(StandardCharsets.UTF_8);
    }
}
