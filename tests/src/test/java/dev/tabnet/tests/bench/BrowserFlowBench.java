package dev.tabnet.tests.bench;

/**
 * The end-to-end figures of the page in headless Chromium against a localhost server. Each is
 * its own row; until the page drives the node (login QR, approval, shell, SSH session) they are
 * reported as not measured, with the reason, rather than left out.
 */
final class BrowserFlowBench {
    static final String NO_PAGE_NODE = "the page does not run the node yet (login QR, approval, shell and SSH in the tab come with branch page)";

    private BrowserFlowBench() {}

    static void run(BenchResults results) {
        results.add(new Figure("browser.navToQr", "navigation → login QR visible", "ms")
                .target(Figure.Goal.VALUE_AT_MOST, 400, "≤ 400 ms").notMeasured(NO_PAGE_NODE));
        results.add(new Figure("browser.approvalToPrompt", "approval → shell prompt", "ms")
                .target(Figure.Goal.VALUE_AT_MOST, 1000, "≤ 1 s").notMeasured(NO_PAGE_NODE));
        results.add(new Figure("tab.sshDownload", "SSH bulk download in the tab", "MB/s")
                .target(Figure.Goal.RATIO_AT_LEAST, 1.0 / 3, "≥ 1/3 of AEAD").notMeasured(NO_PAGE_NODE));
        results.add(new Figure("browser.echo.p50", "keystroke echo, full path, p50", "ms").notMeasured(NO_PAGE_NODE));
        results.add(new Figure("browser.echo.p99", "keystroke echo, full path, p99", "ms")
                .target(Figure.Goal.ADDED_AT_MOST, 2, "≤ 2 ms added vs raw WS echo").notMeasured(NO_PAGE_NODE));
    }
}
