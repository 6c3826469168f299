package dev.tabnet.core.tcp;

/**
 * NewReno congestion control (RFC 5681, RFC 6582) with appropriate byte counting (RFC 3465, L = 2)
 * and the initial window of RFC 6928. Loss recovery itself (which segment to resend) is done by the
 * connection using SACK (RFC 6675) or NewReno partial-ack rules; this class only owns cwnd/ssthresh.
 */
public final class NewReno {
    private int mss;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE / 4;
    private long bytesAckedInCa;

    public NewReno(int mss) {
        this.mss = mss;
        this.cwnd = Math.min(10L * mss, Math.max(2L * mss, 14600));
    }

    /** Sets SMSS once the handshake has fixed it (before any data is sent) and the matching initial window. */
    public void setMss(int mss) {
        this.mss = mss;
        this.cwnd = Math.min(10L * mss, Math.max(2L * mss, 14600));
    }

    public long cwnd() {
        return cwnd;
    }

    public long ssthresh() {
        return ssthresh;
    }

    /** New data acknowledged outside loss recovery. */
    public void onAck(long acked) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(acked, 2L * mss);
        } else {
            bytesAckedInCa += acked;
            if (bytesAckedInCa >= cwnd) {
                bytesAckedInCa -= cwnd;
                cwnd += mss;
            }
        }
    }

    /** Fast retransmit: RFC 5681 eq. (4), ssthresh = max(FlightSize / 2, 2*SMSS). */
    public void onEnterRecovery(long flight) {
        ssthresh = Math.max(flight / 2, 2L * mss);
        cwnd = ssthresh;
        bytesAckedInCa = 0;
    }

    /** Full ACK ending recovery (RFC 6582 step 3, option 1). */
    public void onExitRecovery() {
        cwnd = ssthresh;
    }

    /** Retransmission timeout: RFC 5681 eq. (4) and LW = 1 SMSS. */
    public void onTimeout(long flight) {
        ssthresh = Math.max(flight / 2, 2L * mss);
        cwnd = mss;
        bytesAckedInCa = 0;
    }
}
