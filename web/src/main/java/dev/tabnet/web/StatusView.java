package dev.tabnet.web;

import dev.tabnet.browser.BrowserTimers;
import dev.tabnet.console.node.NodePhase;
import dev.tabnet.console.node.NodeStatusListener;
import org.teavm.jso.JSBody;

/**
 * Shows the node coming up: every {@link NodePhase} in the status line (its name in data-state, for
 * CSS and tests), the QR panel during the login, and on an error the words and a Retry button. A
 * watchdog turns a phase that makes no progress into an error, so the page never hangs silently.
 */
final class StatusView implements NodeStatusListener {
    /** How long a step before the login, or between approval and ready, may take. */
    static final long STEP_TIMEOUT_NANOS = 30_000_000_000L;
    /** Login links expire after five minutes; past that the tab needs a fresh one. */
    static final long LOGIN_TIMEOUT_NANOS = 330_000_000_000L;

    private final BrowserTimers timers;
    private final Runnable onWatchdog;
    private final String sshHint;
    private int watchdog = -1;
    private NodePhase phase;
    private long generation;

    /** sshHint: the widget's host attribute, the peer this page is for ("" for none). */
    StatusView(BrowserTimers timers, Runnable onWatchdog, String sshHint) {
        this.timers = timers;
        this.onWatchdog = onWatchdog;
        this.sshHint = sshHint;
    }

    /** A new node starts (first start or Retry): callbacks of the old one are ignored from now on. */
    NodeStatusListener forNewNode() {
        long mine = ++generation;
        phase = null;
        showRetry(false);
        return new NodeStatusListener() {
            @Override
            public void onPhase(NodePhase p, String detail) {
                if (mine == generation) phase(p, detail);
            }

            @Override
            public void onLoginUrl(String authUrl, String matchingCode) {
                if (mine == generation) loginUrl(authUrl, matchingCode);
            }

            @Override
            public void onLoginDone() {
                if (mine == generation) LoginPanel.hide();
            }
        };
    }

    @Override
    public void onPhase(NodePhase p, String detail) {
        phase(p, detail);
    }

    @Override
    public void onLoginUrl(String authUrl, String matchingCode) {
        loginUrl(authUrl, matchingCode);
    }

    @Override
    public void onLoginDone() {
        LoginPanel.hide();
    }

    NodePhase phase() {
        return phase;
    }

    /** An error that did not come from the node (it failed to start, or a callback threw). */
    void error(String words) {
        ++generation; // whatever the failed node still reports is stale now
        phase = NodePhase.ERROR;
        cancelWatchdog();
        PageStatus.show(stateName(NodePhase.ERROR), "error: " + words);
        showRetry(true);
        mark(NodePhase.ERROR);
    }

    private void phase(NodePhase p, String detail) {
        phase = p;
        mark(p);
        String text = p.words + (detail == null || detail.isEmpty() ? "" : " — " + detail);
        if (p == NodePhase.ERROR) text = "error: " + (detail == null || detail.isEmpty() ? "the node stopped" : detail);
        if (p == NodePhase.READY && !sshHint.isEmpty()) text += " — type: ssh " + sshHint;
        PageStatus.show(stateName(p), text);
        showRetry(p == NodePhase.ERROR || p == NodePhase.STOPPED);
        if (p == NodePhase.READY || p == NodePhase.ERROR || p == NodePhase.STOPPED) {
            cancelWatchdog();
            if (p != NodePhase.READY) LoginPanel.hide();
        } else if (p == NodePhase.RECONNECTING) {
            cancelWatchdog(); // the node retries by itself with backoff while the tailnet keeps working
        } else {
            arm(p == NodePhase.NEEDS_LOGIN ? LOGIN_TIMEOUT_NANOS : STEP_TIMEOUT_NANOS, p);
        }
    }

    private void loginUrl(String authUrl, String matchingCode) {
        LoginPanel.show(authUrl, matchingCode);
        markNamed("qr");
    }

    private void arm(long nanos, NodePhase armedFor) {
        cancelWatchdog();
        long mine = generation;
        watchdog = timers.schedule(nanos, () -> {
            watchdog = -1;
            if (mine != generation || phase != armedFor) return;
            error(armedFor == NodePhase.NEEDS_LOGIN
                    ? "the login was not approved in time; Retry for a new QR code"
                    : "no progress for " + (nanos / 1_000_000_000L) + " s while " + armedFor.words
                            + " (is the server reachable?)");
            onWatchdog.run();
        });
    }

    private void cancelWatchdog() {
        if (watchdog >= 0) timers.cancel(watchdog);
        watchdog = -1;
    }

    /** "needs-login", "relay-connected": the data-state values of the status line. */
    static String stateName(NodePhase p) {
        return p.name().toLowerCase().replace('_', '-');
    }

    private static void mark(NodePhase p) {
        markNamed(stateName(p));
    }

    /** performance.now() at each step, for tests and for anyone curious in the devtools. */
    @JSBody(params = "name", script =
            "var t = window.tabnetTimings || (window.tabnetTimings = {});"
            + "if (!(name in t)) t[name] = performance.now();")
    private static native void markNamed(String name);

    @JSBody(params = "on", script =
            "var root = window.tabnetRoot || document;"
            + "var b = root.querySelector('[data-tabnet-retry]');"
            + "if (b) b.hidden = !on;")
    private static native void showRetry(boolean on);
}
