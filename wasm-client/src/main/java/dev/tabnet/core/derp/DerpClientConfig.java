package dev.tabnet.core.derp;

/** Tunables of {@link DerpClient}; defaults follow Tailscale's client. */
public final class DerpClientConfig {
    /** Packets kept while disconnected, sent after the next login; the oldest are dropped first. */
    public int maxQueuedPackets = 512;
    public int maxQueuedBytes = 1 << 20;
    /** Dial + ServerKey + ClientInfo must finish within this (derphttp's 10 s). */
    public long connectTimeoutNanos = DerpConstants.ACCEPT_TIMEOUT_NANOS;
    /** Silence for this long means the connection is dead (the Go client's 120 s read timeout). */
    public long readTimeoutNanos = DerpConstants.CLIENT_READ_TIMEOUT_NANOS;
    public long maxBackoffNanos = Backoff.DEFAULT_MAX_NANOS;
    /**
     * Outgoing bytes are cut into chunks of at most this many bytes, one WebSocket message each
     * (frames may span chunks). 32 KiB is the most a Tailscale Go peer reads in one message.
     */
    public int maxChunkBytes = 32 << 10;
    /** Sent as AppName in ClientInfo. */
    public String appName = "tabnet";
    /** Send NotePreferred(true) after each login (this is our home DERP). */
    public boolean preferred = true;
}
