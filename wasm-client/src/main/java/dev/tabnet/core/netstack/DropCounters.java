package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.DropReason;

/** One counter per inbound drop reason plus traffic totals. */
public final class DropCounters {
    private final long[] drops = new long[DropReason.values().length];
    public long packetsIn, packetsOut, outboundOverflow, echoRequestsAnswered;

    void count(DropReason r) {
        drops[r.ordinal()]++;
    }

    public long dropped(DropReason r) {
        return drops[r.ordinal()];
    }

    public long totalDropped() {
        long n = 0;
        for (long d : drops) n += d;
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("in=").append(packetsIn).append(" out=").append(packetsOut);
        DropReason[] rs = DropReason.values();
        for (int i = 0; i < rs.length; i++) if (drops[i] > 0) sb.append(' ').append(rs[i]).append('=').append(drops[i]);
        return sb.toString();
    }
}
