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

    /** Returns the warm AEAD median (MB/s), the baseline of the in-tab SSH download. */
    static double run(BenchResults results, ServerStub server, Chromium chromium) throws Exception {
        openSelfTestPage(server, chromium);
        Map<String, Object> cold = parse((String) chromium.driver().executeScript("return window.tabnetSelfTest;"));
        // The page's run is the module's first: V8 starts Wasm in its baseline tier, and the AEAD
        // check runs first, so it is measured mostly cold. Run the self-test again, several times,
        // in one more instance in the same tab and take the medians of those warm runs.
        double[][] warm = warmRuns(chromium);
        double[] aead = warm[0], tunnel = warm[1];
        double aeadMedian = median(aead), tunnelMedian = median(tunnel);
        results.add(new Figure(AEAD_ID, "ChaCha20-Poly1305 seal+open in the tab (Wasm)", "MB/s").value(aeadMedian)
                .note(AEAD_HOW + "median of " + WARM_RUNS + " warm runs")
                .detail("warmRuns", aead).detail("firstRun", number(cold, "aeadMBps")));
        results.add(new Figure("tab.tunnelTcp", "TCP over WireGuard, 2 nodes in the tab", "MB/s").value(tunnelMedian)
                .baseline(AEAD_BASELINE, aeadMedian).target(Figure.Goal.RATIO_AT_LEAST, 1.0 / 3, "≥ 1/3 of AEAD")
                .note("4 MiB stream, both engines in the tab (the SSH download's own figure is tab.sshDownload)")
                .detail("warmRuns", tunnel).detail("firstRun", number(cold, "tunnelTcpMBps"))
                .detail("ts2021MBps", cold.get("ts2021MBps")).detail("jsonParseMBps", cold.get("jsonParseMBps")));
        return aeadMedian;
    }

    /**
     * Measures the AEAD again in the same tab once the session figures are taken. On this shared
     * 2-vCPU machine the AEAD median moves from minute to minute (67–97 MB/s, early and late in a run
     * alike), more than the downloads do. The higher of the two medians becomes the AEAD figure and
     * every ratio's baseline, so that a slow AEAD minute cannot flatter a ratio.
     */
    static void remeasure(BenchResults results, ServerStub server, Chromium chromium) throws Exception {
        openSelfTestPage(server, chromium);
        double[] after = warmRuns(chromium)[0];
        double afterMedian = median(after);
        Figure aeadFigure = null;
        for (Figure f : results.figures()) if (AEAD_ID.equals(f.id)) aeadFigure = f;
        if (aeadFigure == null) throw new IllegalStateException("no AEAD figure to compare with");
        double before = aeadFigure.value;
        double best = Math.max(before, afterMedian);
        aeadFigure.value(best).note(AEAD_HOW + "the higher of two medians of " + WARM_RUNS
                        + " warm runs, before and after the session figures")
                .detail("medianBefore", before).detail("medianAfter", afterMedian).detail("warmRunsAfter", after);
        for (Figure f : results.figures()) {
            if (AEAD_BASELINE.equals(f.baselineName)) f.baseline(AEAD_BASELINE, best);
        }
    }

    static final String AEAD_ID = "tab.aead", AEAD_BASELINE = "AEAD in the same tab";
    private static final String AEAD_HOW = "1420-byte packets, selftest.wasm in headless Chromium; ";

    /** Loads selftest.html, whose own first run of the self-test finishes before this returns. */
    private static void openSelfTestPage(ServerStub server, Chromium chromium) {
        chromium.driver().get(server.pageUrl() + "selftest.html");
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(120))
                .until(d -> "done".equals(d.findElement(By.tagName("html")).getAttribute("data-selftest")));
    }

    /** {aeadMBps[], tunnelTcpMBps[]} of WARM_RUNS runs of selftest.wasm in one more instance on the open selftest page. */
    private static double[][] warmRuns(Chromium chromium) throws Exception {
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(300));
        @SuppressWarnings("unchecked")
        List<String> warmJson = (List<String>) chromium.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + "TeaVM.wasmGC.load('wasm/selftest.wasm').then(function (t) {"
                + "  var out = []; for (var i = 0; i < " + WARM_RUNS + "; i++) { t.exports.main([]); out.push(window.tabnetSelfTest); }"
                + "  done(out); }).catch(function (e) { done(['{\"failures\":[\"' + e + '\"]}']); });");
        double[] aead = new double[warmJson.size()], tunnel = new double[warmJson.size()];
        for (int i = 0; i < warmJson.size(); i++) {
            Map<String, Object> r = parse(warmJson.get(i));
            aead[i] = number(r, "aeadMBps");
            tunnel[i] = number(r, "tunnelTcpMBps");
        }
        return new double[][] {aead, tunnel};
    }

    private static final int WARM_RUNS = 5;

    private static Map<String, Object> parse(String json) throws java.io.IOException {
        Map<String, Object> report = JSON.std.mapFrom(json);
        Object failures = report.get("failures");
        if (failures instanceof List && !((List<?>) failures).isEmpty()) throw new IllegalStateException("self-test failed in the tab: " + failures);
        return report;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double number(Map<String, Object> report, String key) {
        Object v = report.get(key);
        if (!(v instanceof Number)) throw new IllegalStateException("the tab's result has no " + key + ": " + report);
        return ((Number) v).doubleValue();
    }
}
