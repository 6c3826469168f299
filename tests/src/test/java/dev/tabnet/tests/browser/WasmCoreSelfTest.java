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

    /** HPACK, the HTTP/2 client and the JSON codec (dev.tabnet.core.http2/json) inside the tab. */
    @Test
    void controlCodecsComputeInWasmWhatTheyComputeOnTheJvm() {
        assertEquals(":method: GET|:scheme: http|:path: /|:authority: www.example.com|"
            + ":method: GET|:scheme: http|:path: /|:authority: www.example.com|cache-control: no-cache|"
            + ":method: GET|:scheme: https|:path: /index.html|:authority: www.example.com|custom-key: custom-value|",
            report.get("hpackC4"), "RFC 7541 C.4 header lists");
        assertEquals(Boolean.TRUE, report.get("hpackC4Encoded"), "our encoder reproduces the RFC's C.4 bytes");
        assertEquals(164, ((Number) report.get("hpackTableSize")).intValue(), "RFC 7541 C.4.3 table size");
        assertEquals(64 * 16384, ((Number) report.get("h2BodyBytes")).intValue(), report.toString());
        assertTrue(((Number) report.get("h2WindowUpdates")).intValue() >= 32, "windows replenished: " + report);
        assertEquals("FRAME_SIZE_ERROR", report.get("h2ErrorCode"));
        // The document was written by JsonWriter, parsed by JsonReader and written again, byte-identical.
        assertTrue(((Number) report.get("jsonBytes")).intValue() > 75_000, report.toString());
        assertEquals(Boolean.TRUE, report.get("jsonRoundTrip"));
        assertEquals("peer-299-zoë-😀.ts.net.", report.get("jsonPeerName"));
        assertEquals("18446744073709551615", report.get("jsonSeq"));
        assertTrue(((String) report.get("jsonError")).contains("at offset 7 (line 1, column 8)"), report.toString());
        assertTrue(((Number) report.get("jsonParseMBps")).doubleValue() > 0, report.toString());
    }

    @Test
    void sshClientNegotiatesEveryCipherSuiteInWasm() {
        assertEquals(5, ((Number) report.get("sshSuitesPassed")).intValue(), report.toString());
        assertEquals(Boolean.TRUE, report.get("sshKeyLineOk"), report.toString());
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
        assertEquals(Boolean.TRUE, report.get("ts2021Http2Preface"), "ControlConnection sends the HTTP/2 preface, then ControlClient's register request, inside Noise");
    }

    @Test
    void twoNodesTalkThroughDerpClientsAndARelayInWasm() {
        assertEquals(Boolean.TRUE, report.get("derpLoggedIn"), report.toString());
        assertEquals(Boolean.TRUE, report.get("relayedPingReplied"), report.toString());
        assertEquals(1 << 20, ((Number) report.get("relayedTcpBytes")).intValue(), report.toString());
        assertEquals(1, ((Number) report.get("discoPongsSent")).intValue(), report.toString());
    }

    @Test
    void ratesWereMeasured() {
        assertTrue(((Number) report.get("aeadMBps")).doubleValue() > 0, report.toString());
        assertTrue(((Number) report.get("tunnelTcpMBps")).doubleValue() > 0, report.toString());
    }
}
