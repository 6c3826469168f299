package dev.tabnet.core.tcp;

import java.util.ArrayList;

/**
 * Detects retransmissions that were lost again during SACK recovery, which RFC 6675 alone only
 * repairs by a retransmission timeout (at least 200 ms; at 3 % loss that dominated transfer time).
 * Each retransmission remembers SND.MAX and its own sending order; when the peer SACKs data sent
 * later (new data above that SND.MAX, or a later retransmission) while the retransmitted range is
 * still missing, it was lost (the idea of RACK, RFC 8985, with sending order standing in for send
 * time). Also used for the go-back-N resends after a timeout, where RFC 6675 would otherwise wait
 * for another, doubled, RTO for every loss until the whole pre-timeout flight is acknowledged.
 */
final class LostRetransmissions {
    private final ArrayList<long[]> inFlight = new ArrayList<>(); // {start, end, sndMaxWhenSent, order}
    private final ArrayList<long[]> lost = new ArrayList<>(); // {start, end}, to resend first
    long detected;
    private long order;

    void clear() {
        inFlight.clear();
        lost.clear();
    }

    void sent(long start, long end, long sndMax) {
        inFlight.add(new long[] {start, end, sndMax, ++order});
    }

    /** Re-evaluates after an ACK updated SND.UNA and the scoreboard. */
    void onAck(long sndUna, RangeSet scoreboard) {
        if (inFlight.isEmpty()) return;
        long highestSacked = scoreboard.highestEnd();
        long newestDelivered = 0;
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            long[] r = inFlight.get(i);
            if (scoreboard.coveredUntil(Math.max(r[0], sndUna)) >= r[1]) {
                newestDelivered = Math.max(newestDelivered, r[3]);
                inFlight.remove(i);
            }
        }
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            long[] r = inFlight.get(i);
            long missingFrom = scoreboard.coveredUntil(Math.max(r[0], sndUna));
            if (highestSacked > r[2] || r[3] < newestDelivered) {
                inFlight.remove(i);
                lost.add(new long[] {missingFrom, r[1]});
                detected++;
            }
        }
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    /**
     * No ACK for two smoothed RTTs while retransmissions are outstanding (RACK's reordering timer,
     * RFC 8985 6.2, with a fixed window): they are presumed lost. Returns how many.
     */
    int markInFlightLost(long sndUna, RangeSet scoreboard) {
        int n = 0;
        for (long[] r : inFlight) {
            long missingFrom = scoreboard.coveredUntil(Math.max(r[0], sndUna));
            if (missingFrom < r[1]) {
                lost.add(new long[] {missingFrom, r[1]});
                n++;
            }
        }
        inFlight.clear();
        detected += n;
        return n;
    }

    /**
     * The next lost range still missing, trimmed to at most {@code max} bytes and to the first
     * SACKed byte; removes it from the queue. Null when nothing is known lost.
     */
    long[] nextToResend(long sndUna, RangeSet scoreboard, int max) {
        while (!lost.isEmpty()) {
            int lowest = 0;
            for (int i = 1; i < lost.size(); i++) if (lost.get(i)[0] < lost.get(lowest)[0]) lowest = i;
            long[] r = lost.get(lowest);
            long start = scoreboard.coveredUntil(Math.max(r[0], sndUna));
            if (start >= r[1]) {
                lost.remove(lowest);
                continue;
            }
            long end = Math.min(Math.min(r[1], scoreboard.nextStartAfter(start)), start + max);
            if (end >= r[1]) lost.remove(lowest);
            else r[0] = end;
            return new long[] {start, end};
        }
        return null;
    }

    /** Bytes known lost and not yet resent (not in the network, so not part of the pipe). */
    long lostBytes(long sndUna) {
        long n = 0;
        for (long[] r : lost) n += Math.max(0, r[1] - Math.max(r[0], sndUna));
        return n;
    }
}
