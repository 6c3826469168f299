package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The protocol core compiled to Wasm-GC and run in real Chromium: selftest.html drives two
 * WireGuard engines with TCP/IP stacks on top against each other inside the tab. Proves the core
 * not only compiles under TeaVM but computes the same results there as on the JVM.
 */
class WasmCoreSelfTest {
    private static ServerStub server;
    private static Chromium chromium;
    private static Map<String, Object> report;

    @BeforeAll
    static void runSelfTestPage() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0)).start();
        chromium = new Chromium();
        chromium.driver().get(server.pageUrl() + "selftest.html");
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(90))
                .until(d -> "done".equals(d.findElement(By.tagName("html")).getAttribute("data-selftest")));
        String json = (String) chromium.driver().executeScript("return window.tabnetSelfTest;");
        System.out.println("selftest.wasm in Chromium: " + json);
        report = JSON.std.mapFrom(json);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @Test
    void noCheckFailedInsideTheTab() {
        assertEquals(List.of(), report.get("failures"));
    }

    @Test
    void wireGuardHandshakeAndTcpStreamCompleteInWasm() {
        assertEquals(Boolean.TRUE, report.get("handshakeCompleted"), report.toString());
        assertEquals(Boolean.TRUE, report.get("pingReplied"), report.toString());
        assertEquals(4 * 1024 * 1024, ((Number) report.get("tcpBytesReceived")).intValue(), report.toString());
        assertEquals(-1, ((Number) report.get("tcpFirstMismatch")).intValue(), report.toString());
        assertEquals("", report.get("wireguardDrops"), "no datagram may be dropped on a clean link");
    }

    @Test
    void ts2021NoiseCoreMatchesTheVectorAndCarriesAStreamInWasm() {
        assertEquals(Boolean.TRUE, report.get("noiseIkVectorMatches"), "cacophony Noise_IK vector reproduced inside the tab");
        assertEquals(Boolean.TRUE, report.get("ts2021Established"), report.toString());
        assertEquals(1024 * 1024, ((Number) report.get("ts2021BytesReceived")).intValue(), report.toString());
        assertEquals(-1, ((Number) report.get("ts2021FirstMismatch")).intValue(), report.toString());
        assertEquals(Boolean.TRUE, report.get("ts2021EarlyPayload"), report.toString());
        assertEquals("ESTABLISHED", report.get("ts2021ClientState"), report.toString());
        assertTrue(((Number) report.get("ts2021MBps")).doubleValue() > 0, report.toString());
    }

    @Test
    void ratesWereMeasured() {
        assertTrue(((Number) report.get("aeadMBps")).doubleValue() > 0, report.toString());
        assertTrue(((Number) report.get("tunnelTcpMBps")).doubleValue() > 0, report.toString());
    }
}
