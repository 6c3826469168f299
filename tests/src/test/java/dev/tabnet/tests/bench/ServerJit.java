package dev.tabnet.tests.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JIT compiler's work in this JVM, which hosts the server stub (relay and built-in node) of the
 * browser figures. On this 2-vCPU machine the compiler thread competes with the tab for a core: a
 * server still compiling its hot paths slows the page's download, which a long-running server
 * would not, so the in-tab figures are taken once the compiler has settled.
 */
final class ServerJit {
    /** A warm-up download counts as settled when the compiler worked at most this share of its time. */
    static final double SETTLED_SHARE = 0.05;

    private ServerJit() {}

    /** Milliseconds this JVM's JIT has spent compiling so far, or -1 when the JVM does not say. */
    static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Compiling milliseconds since before (a compileMillis() reading), or -1 when the JVM does not say. */
    static long millisSince(long before) {
        return before < 0 ? -1 : compileMillis() - before;
    }

    /** Whether compileMs of JIT work during wallMs of traffic is little enough; unknown counts as settled. */
    static boolean settled(long compileMs, double wallMs) {
        return compileMs < 0 || compileMs <= SETTLED_SHARE * wallMs;
    }

    /** One untimed round of traffic; returns its wall-clock milliseconds. */
    interface Round {
        double run() throws Exception;
    }

    /** The JIT's milliseconds during each warm-up round, and whether the last one found it settled. */
    record WarmUp(List<Long> compileMs, boolean settled) {}

    /** Runs rounds until one finds the JIT settled, at most maxRounds of them. */
    static WarmUp untilSettled(int maxRounds, Round round) throws Exception {
        List<Long> compileMs = new ArrayList<>();
        boolean settled = false;
        while (!settled && compileMs.size() < maxRounds) {
            long before = compileMillis();
            double wallMs = round.run();
            long ms = millisSince(before);
            compileMs.add(ms);
            settled = settled(ms, wallMs);
        }
        return new WarmUp(compileMs, settled);
    }
}
