package dev.tabnet.tests.bench;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Hex;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.derp.DerpRelayConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Server heap for N idle, logged-in DERP-over-WebSocket clients: the real ServerStub in this JVM,
 * the clients in a child JVM ({@link IdleClientSwarm}) so only the server's side is counted.
 * Heap is read after full GCs before the clients connect, with all N registered, and after they
 * left (which also shows the memory comes back).
 */
final class IdleClientsBench {
    private IdleClientsBench() {}

    static void run(BenchResults results) throws Exception {
        int n = Integer.getInteger("bench.idleClients", 10_000);
        SecureEntropy e = new SecureEntropy();
        DerpRelay relay = new DerpRelay(X25519.generatePrivateKey(e), e, new DerpRelayConfig());
        try (ServerStub stub = new ServerStub(ServerConfig.defaults().port(0).bind("127.0.0.1"), relay).start()) {
            // Warm the server's paths with a few clients first, so class loading and pools are not counted per client.
            runSwarm(stub, relay, 50, 1).destroy();
            awaitCount(relay, 0, 30);
            long before = heapAfterGc(), directBefore = directBytes();
            int threadsBefore = Thread.activeCount();
            long t0 = System.nanoTime();
            Process swarm = runSwarm(stub, relay, n, 2);
            double connectSecs = (System.nanoTime() - t0) / 1e9;
            int registered = relay.clientCount();
            long with = heapAfterGc(), directWith = directBytes();
            if (Boolean.getBoolean("bench.histogram")) histogram();
            int threadsWith = Thread.activeCount();
            swarm.getOutputStream().close();
            if (!swarm.waitFor(30, TimeUnit.SECONDS)) swarm.destroyForcibly();
            long c0 = System.nanoTime();
            awaitCount(relay, 0, 60);
            double drainSecs = (System.nanoTime() - c0) / 1e9;
            int leftAfterClose = relay.clientCount();
            long after = heapAfterGc();
            int recheck = Integer.getInteger("bench.idleRecheckSeconds", 0); // when does the server give it back?
            long later = -1;
            if (recheck > 0) {
                Thread.sleep(recheck * 1000L);
                later = heapAfterGc();
                if (Boolean.getBoolean("bench.histogram")) histogram();
            }
            if (Boolean.getBoolean("bench.histogram")) histogram();
            Figure f = results.add(new Figure("relay.idleWs.heapPerClient", "server heap per idle WebSocket DERP client", "KB")
                    .detail("clients", registered).detail("heapBeforeBytes", before).detail("heapWithClientsBytes", with)
                    .detail("heapAfterCloseBytes", after).detail("clientsLeftAfterClose", leftAfterClose).detail("heapRecheckedBytes", later).detail("recheckSeconds", recheck).detail("closeSeconds", drainSecs).detail("connectSeconds", connectSecs)
                    .detail("serverThreadsAdded", threadsWith - threadsBefore)
                    .detail("directBuffersBeforeBytes", directBefore).detail("directBuffersWithClientsBytes", directWith));
            if (registered == 0) {
                f.notMeasured("no client logged in");
                return;
            }
            f.value((with - before) / 1000.0 / registered)
                    .note(registered + " of " + n + " clients logged in (" + String.format(java.util.Locale.ROOT, "%.1f", connectSecs)
                            + " s); total heap delta " + (with - before) / 1_000_000 + " MB; after they left " + (after - before) / 1_000_000 + " MB");
            results.add(new Figure("relay.idleWs.clients", "idle WebSocket clients held by the relay", "clients").value(registered)
                    .target(Figure.Goal.VALUE_AT_LEAST, 10_000, "10k"));
        }
    }

    private static Process runSwarm(ServerStub stub, DerpRelay relay, int n, int threads) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                IdleClientSwarm.class.getName(), Integer.toString(stub.port()), Hex.encode(relay.publicKey()),
                Integer.toString(n), Integer.toString(threads)));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("sent ")) System.out.println("swarm: " + line);
        if (line == null) throw new IllegalStateException("client swarm exited early (" + p.waitFor() + ")");
        System.out.println("swarm: " + line);
        awaitCount(relay, Integer.parseInt(line.split(" ")[1]), 60);
        return p;
    }

    private static void awaitCount(DerpRelay relay, int want, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (relay.clientCount() != want && System.nanoTime() < end) Thread.sleep(20);
    }

    /** Bytes in the JVM's direct buffers (Jetty's network buffers live there), outside the heap. */
    static long directBytes() {
        for (java.lang.management.BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) return b.getMemoryUsed();
        }
        return -1;
    }

    /** Debugging (-Dbench.histogram=true): the top of this JVM's class histogram. */
    private static void histogram() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        out.lines().limit(25).forEach(l -> System.out.println("histogram: " + l));
    }

    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(150);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
