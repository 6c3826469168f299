package dev.tabnet.core.tcp;

/** Per-socket tunables. Buffer sizes bound memory and give back-pressure to the application. */
public final class TcpConfig {
    /** Largest segment payload we accept (MTU minus IP and TCP headers). */
    public int mss = 1460;
    public int sendBufferBytes = 1 << 20;
    public int receiveBufferBytes = 1 << 20;
    public boolean sack = true;
    public boolean timestamps = true;
    public boolean windowScaling = true;
    /** 2*MSL; RFC 9293 suggests MSL = 2 min, Linux uses 60 s for TIME_WAIT. */
    public long timeWaitNanos = 60_000_000_000L;
    public int maxSynRetries = 6;
    public int maxDataRetries = 15;

    public TcpConfig copy() {
        TcpConfig c = new TcpConfig();
        c.mss = mss;
        c.sendBufferBytes = sendBufferBytes;
        c.receiveBufferBytes = receiveBufferBytes;
        c.sack = sack;
        c.timestamps = timestamps;
        c.windowScaling = windowScaling;
        c.timeWaitNanos = timeWaitNanos;
        c.maxSynRetries = maxSynRetries;
        c.maxDataRetries = maxDataRetries;
        return c;
    }

    /** Smallest shift such that the receive buffer fits the 16-bit window field (RFC 7323 2.2). */
    int receiveWindowShift() {
        if (!windowScaling) return 0;
        int shift = 0;
        while (shift < 14 && (receiveBufferBytes >> shift) > 0xffff) shift++;
        return shift;
    }
}
