package dev.tabnet.core.netstack;

import dev.tabnet.core.Clock;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.testutil.SeededEntropy;
import java.util.function.BooleanSupplier;

/**
 * Two {@link NetStack}s joined by a pair of {@link VirtualLink}s, driven by a virtual clock that
 * jumps straight to the next event (packet delivery or stack deadline). A step bound turns a
 * livelock (events forever without progress) into a test failure instead of a hang.
 */
final class TwoStackHarness {
    static final IpAddress A_ADDR = IpAddress.parse("100.64.0.2");
    static final IpAddress B_ADDR = IpAddress.parse("100.64.0.1");
    static final IpAddress A_ADDR6 = IpAddress.parse("fd7a:115c:a1e0::2");
    static final IpAddress B_ADDR6 = IpAddress.parse("fd7a:115c:a1e0::1");

    final NetStack a, b;
    final VirtualLink aToB, bToA;
    long now = 1_000_000_000L;
    long steps;

    TwoStackHarness(long seed) {
        this(seed, new NetStackConfig(), new NetStackConfig());
    }

    TwoStackHarness(long seed, NetStackConfig ca, NetStackConfig cb) {
        ca.ipv4 = A_ADDR;
        ca.ipv6 = A_ADDR6;
        cb.ipv4 = B_ADDR;
        cb.ipv6 = B_ADDR6;
        a = new NetStack(ca, new SeededEntropy(seed));
        b = new NetStack(cb, new SeededEntropy(seed + 1));
        aToB = new VirtualLink(seed + 2);
        bToA = new VirtualLink(seed + 3);
    }

    /** Runs until {@code done} holds; fails on step bound or when nothing can ever happen again. */
    void runUntil(BooleanSupplier done, long maxSteps) {
        while (!done.getAsBoolean()) {
            if (++steps > maxSteps) throw new AssertionError("livelock: step bound " + maxSteps + " exceeded at t=" + now);
            flushOutbound();
            if (done.getAsBoolean()) return;
            long next = Math.min(Math.min(aToB.nextDelivery(), bToA.nextDelivery()), Math.min(a.nextDeadline(), b.nextDeadline()));
            if (next == Clock.NEVER) throw new AssertionError("stalled: no packet in flight and no timer pending at t=" + now);
            if (next > now) now = next;
            for (byte[] p; (p = aToB.poll(now)) != null; ) b.receive(p, 0, p.length, now);
            for (byte[] p; (p = bToA.poll(now)) != null; ) a.receive(p, 0, p.length, now);
            if (a.nextDeadline() <= now) a.advance(now);
            if (b.nextDeadline() <= now) b.advance(now);
        }
    }

    void flushOutbound() {
        for (byte[] p; (p = a.pollOutbound()) != null; ) aToB.send(p, now);
        for (byte[] p; (p = b.pollOutbound()) != null; ) bToA.send(p, now);
    }

    /** Runs the clock forward to {@code until}, processing everything on the way. */
    void runFor(long nanos, long maxSteps) {
        long until = now + nanos;
        while (true) {
            if (++steps > maxSteps) throw new AssertionError("livelock");
            flushOutbound();
            long next = Math.min(Math.min(aToB.nextDelivery(), bToA.nextDelivery()), Math.min(a.nextDeadline(), b.nextDeadline()));
            if (next > until) {
                now = until;
                return;
            }
            if (next > now) now = next;
            for (byte[] p; (p = aToB.poll(now)) != null; ) b.receive(p, 0, p.length, now);
            for (byte[] p; (p = bToA.poll(now)) != null; ) a.receive(p, 0, p.length, now);
            if (a.nextDeadline() <= now) a.advance(now);
            if (b.nextDeadline() <= now) b.advance(now);
        }
    }
}
