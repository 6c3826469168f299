package dev.tabnet.tests.bench;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.tests.browser.Chromium;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bench entry point (issue 9): {@code mvn -B -ntp -Pbench verify -pl tests -am}. Runs every
 * figure once, in one JVM, each next to its baseline measured in the same run, then writes
 * target/bench/results.json and results.txt and prints the table. A figure that errors fails the
 * run (after the results are written); one whose pieces are missing is reported as not measured.
 * Speed is judged here only, never in the timed test suite.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllBench {
    private static final BenchResults results = new BenchResults();
    private static final String OPERATOR_PASSWORD = "bench-operator-password";

    @BeforeAll
    static void environment() {
        results.environment("java", System.getProperty("java.version"));
        results.environment("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        results.environment("cpus", Runtime.getRuntime().availableProcessors());
        results.environment("maxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
    }

    @Test
    @Order(1)
    void inHeadlessChromium() throws Exception {
        only("tab");
        try (ServerStub server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(OPERATOR_PASSWORD)).start();
             Chromium chromium = new Chromium()) {
            results.environment("chromium", chromium.driver().getCapabilities().getBrowserVersion());
            PageWeightBench.run(results, server, chromium);
            double aead = InTabCryptoBench.run(results, server, chromium);
            BrowserFlowBench.run(results, server, chromium, OPERATOR_PASSWORD, aead);
            InTabCryptoBench.remeasure(results, server, chromium);
        }
    }

    @Test
    @Order(3)
    void derpRelayVersusLoopbackUdp() throws Exception {
        only("derp");
        DerpRelayBench.run(results);
    }

    @Test
    @Order(4)
    void idleWebSocketClients() throws Exception {
        only("idle");
        IdleClientsBench.run(results);
    }

    @Test
    @Order(5)
    void userspaceVersusKernelTcpThroughWireGuardGo() throws Exception {
        only("wg");
        WireGuardTcpBench.run(results);
    }

    /** -Dbench.only=tab,derp,idle,wg runs a subset (while working on one figure). */
    private static void only(String group) {
        String only = System.getProperty("bench.only", "");
        Assumptions.assumeTrue(only.isEmpty() || java.util.Arrays.asList(only.split(",")).contains(group), "not in bench.only");
    }

    @AfterAll
    static void write() throws Exception {
        Path dir = Path.of(System.getProperty("bench.out", "target/bench"));
        String table = results.write(dir);
        System.out.println("\n==== tabnet bench (" + dir.resolve("results.json") + ") ====\n" + table);
    }
}
