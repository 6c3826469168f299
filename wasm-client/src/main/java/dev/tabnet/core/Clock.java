package dev.tabnet.core;

/**
 * Monotonic time for adapters. Core state machines never read a clock themselves: they take
 * {@code long nowNanos} arguments (from this interface in production, from a manual clock in tests)
 * and report the next deadline they need to be woken at.
 */
public interface Clock {
    long nowNanos();

    /** Sentinel for "no deadline". */
    long NEVER = Long.MAX_VALUE;

    static long millis(long ms) {
        return ms * 1_000_000L;
    }

    static long seconds(long s) {
        return s * 1_000_000_000L;
    }
}
