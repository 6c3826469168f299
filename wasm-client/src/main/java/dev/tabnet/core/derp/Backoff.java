package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;

/**
 * Reconnect delays as tailscale util/backoff computes them for magicsock's DERP loop: after the
 * n-th consecutive failure wait min(n² × 10 ms, max) scaled by a random factor in [0.5, 1.5), so
 * many clients of one restarting server do not redial in lock step.
 */
public final class Backoff {
    public static final long STEP_NANOS = 10_000_000L;
    /** magicsock's maximum for DERP reconnects. */
    public static final long DEFAULT_MAX_NANOS = 5_000_000_000L;

    private final Entropy entropy;
    private final long maxNanos;
    private int failures;

    public Backoff(Entropy entropy, long maxNanos) {
        this.entropy = entropy;
        this.maxNanos = maxNanos;
    }

    /** Records one more failure and returns how long to wait before the next attempt. */
    public long nextDelayNanos() {
        if (failures < 1 << 15) failures++;
        long base = Math.min((long) failures * failures * STEP_NANOS, maxNanos);
        long factorMillionths = 500_000 + entropy.nextInt(1_000_000);
        return base / 1_000_000 * factorMillionths + (base % 1_000_000) * factorMillionths / 1_000_000;
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
