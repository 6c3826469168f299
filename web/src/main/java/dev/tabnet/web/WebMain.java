package dev.tabnet.web;

import dev.tabnet.browser.BrowserEntropy;
import dev.tabnet.browser.BrowserTimers;
import dev.tabnet.browser.BrowserWebSocket;
import dev.tabnet.console.Shell;
import dev.tabnet.core.ProductInfo;
import org.teavm.jso.JSBody;

/**
 * Entry point of the Wasm client: wires xterm.js to the console and the console to the server.
 * Runs once per tab; all state lives in this tab's memory and dies with it.
 */
public final class WebMain {
    private static final String PLATFORM = "wasm-gc";

    private static Shell shell;
    private static BrowserTimers timers;
    private static ServerLink link;

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
        shell = new ConsoleTabs(ui, new NodeHolder(), ProductInfo.describe(PLATFORM)).console(xterm);
        shell.start(ProductInfo.NAME + " " + ProductInfo.VERSION + " — type `help` for commands.");
        xterm.focus();
        markLoaded();

        String base = PageStatus.configuredServer();
        if (base.isEmpty()) base = PageStatus.sameOriginWebSocketBase();
        link = new ServerLink(base + "/status", timers);
        link.connect();
    }

    @JSBody(script = "return window.tabnetTerminal || null;")
    private static native Xterm pageTerminal();

    @JSBody(script = "window.tabnetLoaded = true; document.documentElement.setAttribute('data-tabnet', 'loaded');")
    private static native void markLoaded();

    /** Keeps a WebSocket to the server open and shows its state in the status line. */
    static final class ServerLink implements BrowserWebSocket.Listener {
        private final String url;
        private final BrowserTimers timers;
        private long backoffMillis = 500;

        ServerLink(String url, BrowserTimers timers) {
            this.url = url;
            this.timers = timers;
        }

        void connect() {
            PageStatus.show("connecting", "connecting to " + url + " …");
            BrowserWebSocket.open(url, null, this);
        }

        @Override
        public void onOpen() {
            backoffMillis = 500;
            PageStatus.show("connected", "connected to " + url);
        }

        @Override
        public void onBinary(byte[] data) {}

        @Override
        public void onText(String text) {
            PageStatus.show("connected", "connected to " + url + " — " + text);
        }

        @Override
        public void onClose(int code, String reason) {
            PageStatus.show("disconnected", "disconnected from server (code " + code + "), retrying in "
                    + (backoffMillis / 1000.0) + " s");
            timers.schedule(backoffMillis * 1_000_000L, this::connect);
            backoffMillis = Math.min(backoffMillis * 2, 15_000);
        }
    }
}
