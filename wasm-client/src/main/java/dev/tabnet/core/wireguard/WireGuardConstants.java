package dev.tabnet.core.wireguard;

/**
 * Protocol constants, named as in the WireGuard paper (§6) and wireguard-go's device/constants.go.
 * Durations are in nanoseconds so they can be compared directly with the engine's nowNanos.
 */
public final class WireGuardConstants {
    private WireGuardConstants() {}

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLISECOND = 1_000_000L;

    /** 2^60: the initiator starts a new handshake after this many messages on one key. */
    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /** 2^64 - 2^13 - 1, an unsigned value (negative as a Java long): no message may use a counter at or above it. */
    public static final long REJECT_AFTER_MESSAGES = -(1L << 13) - 1;
    public static final long REKEY_AFTER_TIME = 120 * SECOND;
    public static final long REKEY_ATTEMPT_TIME = 90 * SECOND;
    public static final long REKEY_TIMEOUT = 5 * SECOND;
    /** wireguard-go: MaxTimerHandshakes = 90 s / 5 s. */
    public static final int MAX_TIMER_HANDSHAKES = (int) (REKEY_ATTEMPT_TIME / REKEY_TIMEOUT);
    /** Jitter added to REKEY_TIMEOUT is uniform in [0, this) milliseconds. */
    public static final int REKEY_TIMEOUT_JITTER_MAX_MS = 334;
    public static final long REJECT_AFTER_TIME = 180 * SECOND;
    public static final long KEEPALIVE_TIMEOUT = 10 * SECOND;
    public static final long COOKIE_REFRESH_TIME = 120 * SECOND;
    /** wireguard-go HandshakeInitationRate: at most one initiation per peer per 20 ms is consumed. */
    public static final long HANDSHAKE_INITIATION_RATE = SECOND / 50;
    /** wireguard-go keeps reporting "under load" for this long after the load went away. */
    public static final long UNDER_LOAD_AFTER_TIME = SECOND;
    public static final int PADDING_MULTIPLE = 16;
    /** wireguard-go QueueStagedSize: packets held per peer while waiting for a handshake. */
    public static final int QUEUE_STAGED_SIZE = 128;

    public static final int MESSAGE_INITIATION_TYPE = 1;
    public static final int MESSAGE_RESPONSE_TYPE = 2;
    public static final int MESSAGE_COOKIE_REPLY_TYPE = 3;
    public static final int MESSAGE_TRANSPORT_TYPE = 4;

    public static final int MESSAGE_INITIATION_SIZE = 148;
    public static final int MESSAGE_RESPONSE_SIZE = 92;
    public static final int MESSAGE_COOKIE_REPLY_SIZE = 64;
    public static final int MESSAGE_TRANSPORT_HEADER_SIZE = 16;
    public static final int MESSAGE_TRANSPORT_SIZE = MESSAGE_TRANSPORT_HEADER_SIZE + 16;
    public static final int MESSAGE_KEEPALIVE_SIZE = MESSAGE_TRANSPORT_SIZE;

    public static final String NOISE_CONSTRUCTION = "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s";
    public static final String WG_IDENTIFIER = "WireGuard v1 zx2c4 Jason@zx2c4.com";
    public static final String WG_LABEL_MAC1 = "mac1----";
    public static final String WG_LABEL_COOKIE = "cookie--";

    static final long MILLIS = MILLISECOND;
}
