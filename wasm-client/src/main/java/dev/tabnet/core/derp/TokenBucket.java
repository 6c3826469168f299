package dev.tabnet.core.derp;

/** A byte token bucket on the nowNanos clock (the role golang.org/x/time/rate plays in DERP). */
public final class TokenBucket {
    private final double bytesPerSecond;
    private final double burst;
    private double tokens;
    private long last;
    private boolean started;

    public TokenBucket(long bytesPerSecond, long burst) {
        if (bytesPerSecond <= 0 || burst <= 0) throw new IllegalArgumentException("rate and burst must be positive");
        this.bytesPerSecond = bytesPerSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            last = nowNanos;
            return;
        }
        if (nowNanos > last) {
            tokens = Math.min(burst, tokens + (nowNanos - last) * bytesPerSecond / 1e9);
            last = nowNanos;
        }
    }

    /** Takes n tokens if available now (rate.Limiter.AllowN). */
    public boolean allow(long n, long nowNanos) {
        refill(nowNanos);
        if (tokens < n) return false;
        tokens -= n;
        return true;
    }

    /**
     * Takes n tokens, going into debt if needed, and returns how long the caller must wait before
     * acting (rate.Limiter.ReserveN): 0 when the tokens were there. n is capped at the burst.
     */
    public long reserveNanos(long n, long nowNanos) {
        refill(nowNanos);
        tokens -= Math.min(n, (long) burst);
        if (tokens >= 0) return 0;
        return (long) Math.ceil(-tokens * 1e9 / bytesPerSecond);
    }
}
