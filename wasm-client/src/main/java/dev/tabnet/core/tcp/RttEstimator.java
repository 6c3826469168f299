package dev.tabnet.core.tcp;

/**
 * Retransmission timeout per RFC 6298: SRTT/RTTVAR with alpha 1/8 and beta 1/4, RTO = SRTT +
 * max(G, 4*RTTVAR), initial RTO 1 s, exponential backoff capped at 60 s.
 *
 * Deviation: the minimum RTO is 200 ms rather than the RFC's recommended 1 s (RFC 6298 section 2.4
 * says "SHOULD"). 200 ms matches Linux's TCP_RTO_MIN; over a tunnel with sub-millisecond RTT a 1 s
 * floor would make every tail loss cost a second.
 */
public final class RttEstimator {
    public static final long INITIAL_RTO_NANOS = 1_000_000_000L;
    public static final long MIN_RTO_NANOS = 200_000_000L;
    public static final long MAX_RTO_NANOS = 60_000_000_000L;
    static final long GRANULARITY_NANOS = 1_000_000L;

    private long srtt = -1;
    private long rttvar;
    private long rto = INITIAL_RTO_NANOS;
    private int backoff;

    public void sample(long rttNanos) {
        if (rttNanos < 0) return;
        if (srtt < 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
            srtt = (7 * srtt + rttNanos) / 8;
        }
        rto = clamp(srtt + Math.max(GRANULARITY_NANOS, 4 * rttvar));
        backoff = 0;
    }

    private static long clamp(long v) {
        return Math.max(MIN_RTO_NANOS, Math.min(MAX_RTO_NANOS, v));
    }

    /** The current timeout including backoff. */
    public long rto() {
        long v = rto;
        for (int i = 0; i < backoff && v < MAX_RTO_NANOS; i++) v *= 2;
        return Math.min(v, MAX_RTO_NANOS);
    }

    public void backOff() {
        if (backoff < 16) backoff++;
    }

    public int backoffCount() {
        return backoff;
    }

    public long srtt() {
        return srtt;
    }

    public long rttvar() {
        return rttvar;
    }
}
