package dev.tabnet.tests.bench;

/**
 * The end-to-end figures of the page in headless Chromium against a localhost server: raw
 * WebSocket echo and download (bare page), login, and the page's SSH session (SshInTabBench, whose
 * echo baseline uses the same echo endpoint). A figure this
 * machine cannot run is reported as not measured, with the reason, rather than left out.
 */
final class BrowserFlowBench {
    private BrowserFlowBench() {}

    static void run(BenchResults results, dev.tabnet.server.ServerStub server, dev.tabnet.tests.browser.Chromium chromium,
                    String operatorPassword, double aeadMBps) throws Exception {
        try (WebSocketEchoBench.Endpoint echo = new WebSocketEchoBench.Endpoint()) {
            double[] raw = WebSocketEchoBench.measure(chromium, server.pageUrl() + "tabnet.css", echo);
            results.add(new Figure("ws.rawEcho.p50", "raw WebSocket echo, bare page (tab ↔ Jetty, localhost), p50", "ms").value(raw[0])
                    .note(WebSocketEchoBench.SAMPLES + " one-byte messages, one at a time, after " + WebSocketEchoBench.ECHO_WARMUP
                            + " warm-up, a " + WebSocketEchoBench.PAUSE_MS + " ms pause after every " + WebSocketEchoBench.PAUSE_EVERY
                            + ", in a page with nothing else on it (nothing rendered); the tab clock has 0.1 ms resolution"));
            results.add(new Figure("ws.rawEcho.p99", "raw WebSocket echo, bare page, p99", "ms").value(raw[1]));
            results.add(new Figure("ws.rawDownload", "raw WebSocket download into the tab (Jetty → tab)", "MB/s").value(raw[2])
                    .baseline("AEAD in the same tab", aeadMBps)
                    .note(WebSocketEchoBench.DOWNLOAD_BYTES / 1_000_000 + " MB in " + WebSocketEchoBench.DOWNLOAD_MESSAGE_BYTES / 1024
                            + " KB binary messages from a bare Jetty endpoint, one send outstanding (as the relay writes), each copied into a typed array in the tab:"
                            + " the ceiling of any download through the relay on this machine"));
            String whyNot = LoginFlowBench.run(results, server, chromium, operatorPassword);
            if (whyNot != null) {
                results.add(new Figure("browser.navToQr", "navigation → login QR visible", "ms")
                        .target(Figure.Goal.VALUE_AT_MOST, 400, "≤ 400 ms").notMeasured(whyNot));
                results.add(new Figure("browser.approvalToPrompt", "approval → shell prompt", "ms")
                        .target(Figure.Goal.VALUE_AT_MOST, 1000, "≤ 1 s").notMeasured(whyNot));
            }
            String noSsh = SshInTabBench.run(results, chromium, aeadMBps, raw, echo.url("/echo"));
            if (noSsh != null) {
                results.add(new Figure("tab.sshDownload", "SSH bulk download in the tab (scp)", "MB/s")
                        .target(Figure.Goal.RATIO_AT_LEAST, 1.0 / 3, "≥ 1/3 of AEAD").notMeasured(noSsh));
                results.add(new Figure("browser.echo.p50", "keystroke echo, full path, p50", "ms").notMeasured(noSsh));
                results.add(new Figure("browser.echo.p99", "keystroke echo, full path, p99", "ms")
                        .target(Figure.Goal.ADDED_AT_MOST, 2, SshInTabBench.ECHO_TARGET).notMeasured(noSsh));
            }
        }
    }
}
