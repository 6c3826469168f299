package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.IpAddress;

/** Outcome of {@link NetStack#ping}. */
public interface PingCallback {
    /** An echo reply matched; the RTT is measured from the times given to the stack. */
    void onReply(IpAddress from, int sequence, long rttNanos, byte[] data);

    void onTimeout(IpAddress to, int sequence);
}
