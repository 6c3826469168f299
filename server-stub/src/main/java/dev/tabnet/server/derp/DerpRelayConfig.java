package dev.tabnet.server.derp;

import dev.tabnet.core.derp.DerpConstants;

/** Relay tunables; defaults follow tailscale derpserver. */
public final class DerpRelayConfig {
    /** ServerKey sent and ClientInfo received within this, or the connection is closed. */
    public long acceptTimeoutMillis = DerpConstants.ACCEPT_TIMEOUT_NANOS / 1_000_000;
    /** KeepAlive period; each connection adds a random jitter in [0, keepAliveJitterMillis). */
    public long keepAliveMillis = DerpConstants.KEEP_ALIVE_NANOS / 1_000_000;
    public long keepAliveJitterMillis = DerpConstants.KEEP_ALIVE_JITTER_NANOS / 1_000_000;
    /**
     * Per-client receive rate limit in bytes per second of DERP frame bodies (0 = off). Exceeding it
     * pauses reading from that client, as derpserver does, so TCP flow control pushes back.
     */
    public long rateLimitBytesPerSecond = 0;
    /** Burst for the rate limit; raised to at least one maximum-size packet frame. */
    public long rateLimitBurstBytes = 0;
    /** When a destination has this much queued, its senders stop being read until it drains... */
    public int queueHighWaterBytes = 1 << 20;
    /** ...below this. */
    public int queueLowWaterBytes = 256 << 10;
    /** Beyond this a destination's new packets are dropped (counted), whatever the senders do. */
    public int queueHardLimitBytes = 8 << 20;
    /** How long a sender may be paused for a slow destination before it is read again anyway. */
    public long backPressureMaxWaitMillis = 2_000;
    /** PeerGone(NotHere) replies to disco sends for unknown keys: 1 per second, burst 3 (derpserver). */
    public long notHerePerSecond = 1;
    public long notHereBurst = 3;

    /**
     * On shutdown every client is sent Restarting(reconnect in, try for) first, so our clients come
     * back quickly instead of backing off (Tailscale's open-source server never sends it; its
     * client ignores it).
     */
    public long restartingReconnectInMillis = 500;
    public long restartingTryForMillis = 30_000;
    /** How long shutdown waits for those frames to leave. */
    public long shutdownFlushMillis = 500;

    /** The minimum derpserver enforces for a rate-limit bucket: one full packet frame. */
    public static final long MIN_RATE_LIMIT_BUCKET = DerpConstants.MAX_PACKET_SIZE + DerpConstants.KEY_LEN;
}
