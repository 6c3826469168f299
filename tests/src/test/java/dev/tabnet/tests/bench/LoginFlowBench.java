package dev.tabnet.tests.bench;

import dev.tabnet.server.ServerStub;
import dev.tabnet.tests.browser.Chromium;
import dev.tabnet.tests.browser.ScreenshotQr;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * The page's login in headless Chromium against the localhost server: navigation → login QR shown
 * (the page's own mark in window.tabnetTimings.qr, measured from the navigation's time origin; the
 * QR is then read back from a screenshot, as a phone would, to prove it is really on screen), and
 * approval → ready (the phone's approval POSTed from the tab itself, so both instants are on the
 * tab's clock; "ready" is the page's mark when the node is up and the shell prompt printed).
 */
final class LoginFlowBench {
    static final int RUNS = 3;

    private LoginFlowBench() {}

    /** Null if measured, else why not. */
    @SuppressWarnings("unchecked")
    static String run(BenchResults results, ServerStub server, Chromium chromium, String operatorPassword) throws Exception {
        double[] qr = new double[RUNS], ready = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            chromium.driver().get(server.pageUrl());
            Map<String, Object> shown = null;
            long end = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < end) {
                shown = (Map<String, Object>) chromium.driver().executeScript(
                        "var t = window.tabnetTimings || {}, root = window.tabnetRoot || document;"
                        + "var a = root.querySelector('[data-tabnet-login-url]'), s = root.querySelector('[data-tabnet-status]');"
                        + "return {qr: t.qr, url: a ? a.href : null, state: s ? s.getAttribute('data-state') : null,"
                        + " status: s ? s.textContent : null};");
                if (shown.get("qr") != null && shown.get("url") != null) break;
                if ("error".equals(shown.get("state"))) return "the page reported an error: " + shown.get("status");
                Thread.sleep(20);
            }
            if (shown == null || shown.get("qr") == null || shown.get("url") == null) {
                return "no login QR within 30 s (window.tabnetTimings.qr / [data-tabnet-login-url] missing; status "
                        + (shown == null ? "?" : shown.get("state") + " " + shown.get("status")) + ")";
            }
            String url = (String) shown.get("url");
            String decoded = ScreenshotQr.decodeSoon(chromium.driver(), Duration.ofSeconds(5));
            if (!url.equals(decoded)) throw new IllegalStateException("QR on screen reads " + decoded + ", the link is " + url);
            qr[i] = ((Number) shown.get("qr")).doubleValue();

            chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            Map<String, Object> r = (Map<String, Object>) chromium.driver().executeAsyncScript(
                    "var done = arguments[arguments.length - 1], t0 = performance.now();"
                    + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                    + "  body: 'action=approve&password=' + encodeURIComponent(arguments[1])}).then(function (resp) {"
                    + "  var status = resp.status, limit = t0 + 30000;"
                    + "  (function poll() { var t = window.tabnetTimings || {};"
                    + "    if (t.ready) return done({t0: t0, ready: t.ready, status: status});"
                    + "    if (performance.now() > limit) return done({t0: t0, status: status, error: 'not ready 30 s after approval'});"
                    + "    setTimeout(poll, 2); })();"
                    + "}, function (e) { done({error: 'approval POST failed: ' + e}); });",
                    url, operatorPassword);
            if (r.get("error") != null) return String.valueOf(r.get("error"));
            if (((Number) r.get("status")).intValue() != 200) throw new IllegalStateException("approval answered HTTP " + r.get("status"));
            ready[i] = ((Number) r.get("ready")).doubleValue() - ((Number) r.get("t0")).doubleValue();
        }
        results.add(new Figure("browser.navToQr", "navigation → login QR visible", "ms").value(median(qr))
                .target(Figure.Goal.VALUE_AT_MOST, 400, "≤ 400 ms").detail("runs", qr)
                .note("median of " + RUNS + " fresh navigations; QR checked by decoding a screenshot"));
        results.add(new Figure("browser.approvalToPrompt", "approval → shell prompt", "ms").value(median(ready))
                .target(Figure.Goal.VALUE_AT_MOST, 1000, "≤ 1 s").detail("runs", ready)
                .note("from the approval POST to the page's ready mark, median of " + RUNS));
        return null;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

}
