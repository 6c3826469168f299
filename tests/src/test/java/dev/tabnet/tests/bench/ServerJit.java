package dev.tabnet.tests.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

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
}
