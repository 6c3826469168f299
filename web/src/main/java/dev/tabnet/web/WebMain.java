package dev.tabnet.web;

import dev.tabnet.browser.BrowserEntropy;
import dev.tabnet.browser.BrowserTimers;
import dev.tabnet.console.Shell;
import dev.tabnet.console.node.NodeConfig;
import dev.tabnet.console.node.NodePhase;
import dev.tabnet.console.node.NodeTailnet;
import dev.tabnet.core.ProductInfo;
import dev.tabnet.core.util.Hex;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Entry point of the Wasm client: wires xterm.js to the console and the console to this tab's
 * tailnet node. Runs once per tab; the node's keys and all state live in this tab's memory and die
 * with it (nothing is written to any browser storage).
 */
public final class WebMain {
    private static final String PLATFORM = "wasm-gc";

    private static BrowserTimers timers;
    private static BrowserNodePlatform platform;
    private static StatusView status;
    private static final NodeHolder net = new NodeHolder();
    private static NodeConfig config;

    private WebMain() {}

    public static void main(String[] args) {
        Xterm xterm = pageTerminal();
        TabUi ui = TabUiPage.current();
        if (xterm == null || ui == null) {
            PageStatus.show("error", "error: the page did not create a terminal");
            return;
        }
        if (!BrowserEntropy.isSupported()) {
            // Keys must come from a CSPRNG; without one we do not start at all.
            PageStatus.show("error", "error: this browser has no crypto.getRandomValues; refusing to start");
            xterm.write("This browser cannot generate keys securely (crypto.getRandomValues is missing).\r\n");
            return;
        }
        timers = new BrowserTimers();
        status = new StatusView(timers, WebMain::stopNode, configuredHost());
        status.onPhase(NodePhase.LOADING, "");
        ConsoleTabs tabs = new ConsoleTabs(ui, net, ProductInfo.describe(PLATFORM));
        Shell shell = tabs.console(xterm);
        shell.start(ProductInfo.NAME + " " + ProductInfo.VERSION + " — type `help` for commands.");
        xterm.focus();
        markLoaded();
        onRetry(WebMain::retry);
        try {
            platform = new BrowserNodePlatform(timers, WebMain::crashed);
            config = new NodeConfig(controlUrl(), hostname(), null);
        } catch (RuntimeException e) {
            status.error(String.valueOf(e.getMessage()));
            return;
        }
        startNode();
    }

    /** A fresh node (fresh keys) for this tab; the old one, if any, is stopped first. */
    private static void startNode() {
        stopNode();
        net.set(null);
        try {
            NodeTailnet node = new NodeTailnet(platform, config, status.forNewNode());
            net.set(node);
            node.up();
        } catch (RuntimeException e) {
            crashed("starting the node", e);
        }
    }

    private static void stopNode() {
        if (net.current() == null) return;
        try {
            net.current().down();
        } catch (RuntimeException ignored) {
            // it is being replaced; its failure to stop cleanly changes nothing for the new one
        }
    }

    private static void retry() {
        PageStatus.show("loading", "retrying …");
        LoginPanel.hide();
        startNode();
    }

    /** Something threw out of the node: say so in words, keep the console, offer Retry. */
    private static void crashed(String where, Throwable t) {
        String words = "internal error in " + where + ": " + t;
        net.failed(words);
        status.error(words);
        stopNode();
    }

    /** The page's (or widget's) control-url, else this page's own origin. */
    private static String controlUrl() {
        String base = configuredHttpBase();
        return base.isEmpty() ? sameOrigin() : base;
    }

    /** The widget's hostname attribute, else "browser-" and a few random hex digits. */
    private static String hostname() {
        String h = configuredHostname();
        if (!h.isEmpty()) return h;
        byte[] r = new byte[3];
        platform.entropy().nextBytes(r, 0, r.length);
        return "browser-" + Hex.encode(r);
    }

    @JSBody(script = "return window.tabnetTerminal || null;")
    private static native Xterm pageTerminal();

    @JSBody(script = "return (window.tabnetConfig && window.tabnetConfig.httpBase) || '';")
    private static native String configuredHttpBase();

    @JSBody(script = "return (window.tabnetConfig && window.tabnetConfig.host) || '';")
    private static native String configuredHost();

    @JSBody(script = "return (window.tabnetConfig && window.tabnetConfig.hostname) || '';")
    private static native String configuredHostname();

    @JSBody(script = "return window.location.origin + '/';")
    private static native String sameOrigin();

    @JSBody(script = "window.tabnetLoaded = true; document.documentElement.setAttribute('data-tabnet', 'loaded');")
    private static native void markLoaded();

    @JSFunctor
    interface Action extends JSObject {
        void run();
    }

    @JSBody(params = "action", script =
            "var root = window.tabnetRoot || document;"
            + "var b = root.querySelector('[data-tabnet-retry]');"
            + "if (b) b.addEventListener('click', function () { action(); });")
    private static native void onRetry(Action action);
}
