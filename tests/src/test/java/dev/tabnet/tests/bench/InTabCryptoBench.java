package dev.tabnet.tests.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.server.ServerStub;
import dev.tabnet.tests.browser.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Rates measured by selftest.wasm inside one headless Chromium tab: raw ChaCha20-Poly1305
 * (seal + open of 1420-byte packets) and a TCP stream between two complete nodes (TCP/IP stack
 * over WireGuard, each packet sealed by one engine and opened by the other) in the same tab. The
 * ratio says how much of the crypto ceiling the tunnel keeps.
 */
final class InTabCryptoBench {
    private InTabCryptoBench() {}

    static void run(BenchResults results, ServerStub server, Chromium chromium) throws Exception {
        chromium.driver().get(server.pageUrl() + "selftest.html");
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(120))
                .until(d -> "done".equals(d.findElement(By.tagName("html")).getAttribute("data-selftest")));
        Map<String, Object> report = JSON.std.mapFrom((String) chromium.driver().executeScript("return window.tabnetSelfTest;"));
        Object failures = report.get("failures");
        if (failures instanceof List && !((List<?>) failures).isEmpty()) throw new IllegalStateException("self-test failed in the tab: " + failures);
        double aead = number(report, "aeadMBps"), tunnel = number(report, "tunnelTcpMBps");
        results.add(new Figure("tab.aead", "ChaCha20-Poly1305 seal+open in the tab (Wasm)", "MB/s").value(aead)
                .note("1420-byte packets, selftest.wasm in headless Chromium"));
        results.add(new Figure("tab.tunnelTcp", "TCP over WireGuard, 2 nodes in the tab", "MB/s").value(tunnel)
                .baseline("AEAD in the same tab", aead).target(Figure.Goal.RATIO_AT_LEAST, 1.0 / 3, "≥ 1/3 of AEAD")
                .note("4 MiB stream; stands in for SSH until the page's SSH download exists (the SSH target applies here as a ceiling check)")
                .detail("ts2021MBps", report.get("ts2021MBps")).detail("jsonParseMBps", report.get("jsonParseMBps")));
    }

    private static double number(Map<String, Object> report, String key) {
        Object v = report.get(key);
        if (!(v instanceof Number)) throw new IllegalStateException("self-test report has no " + key + ": " + report);
        return ((Number) v).doubleValue();
    }
}
