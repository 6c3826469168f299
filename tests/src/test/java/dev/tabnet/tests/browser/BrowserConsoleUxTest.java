package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it in real Chromium, before any login: non-ASCII text through the
 * Wasm client and back, the phone key bar's bytes (seen through the line editor's reaction), paste
 * and copy, and the terminal following the window's size.
 */
class BrowserConsoleUxTest {
    private static ServerStub server;
    private static Chromium chromium;
    private static TerminalPage page;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0)).start();
        chromium = new Chromium();
        page = new TerminalPage(chromium.driver()).open(server.pageUrl()).waitForClient(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void clearScreen() {
        page.type(Keys.chord(Keys.CONTROL, "u")); // drop whatever a failed test left on the line
        page.clearConsole();
    }

    @Test
    void nonAsciiTextComesBackUnchanged() {
        String word = "héllo-wörld-✓-Ωμέγα-日本";
        page.typeLine(word);
        String screen = page.waitForScreen(s -> s.contains("unknown command: h"), Duration.ofSeconds(10));
        assertTrue(screen.contains("unknown command: " + word), screen);
    }

    @Test
    void keyBarArrowsAndTabEditTheLine() {
        page.type("elp");
        page.barKey("left");
        page.barKey("left");
        page.barKey("left");
        page.type("h"); // the cursor is at the start: "help"
        page.type(Keys.ENTER);
        String screen = page.waitForScreen(s -> s.contains("show the client version"), Duration.ofSeconds(10));
        assertFalse(screen.contains("unknown command"), screen);

        page.clearConsole();
        page.type("versi");
        page.barKey("tab"); // completion of the only match
        page.type(Keys.ENTER);
        page.waitForScreen(s -> s.contains("(wasm-gc)"), Duration.ofSeconds(10));
    }

    @Test
    void stickyCtrlTurnsTheNextKeyIntoAControlCharacter() {
        page.type("garbage-words");
        page.barKey("ctrl");
        assertEquals("true", page.js("return document.querySelector('[data-tabnet-key=ctrl]').getAttribute('aria-pressed');"));
        page.type("u"); // Ctrl-U: the line editor drops the whole line
        assertEquals("false", page.js("return document.querySelector('[data-tabnet-key=ctrl]').getAttribute('aria-pressed');"));
        page.typeLine("version");
        String screen = page.waitForScreen(s -> s.contains("(wasm-gc)"), Duration.ofSeconds(10));
        assertFalse(screen.contains("garbage-words"), screen);
        assertFalse(screen.contains("unknown command"), screen);

        page.type("abc");
        page.barKey("ctrl");
        page.type("c"); // Ctrl-C abandons the line
        page.waitForScreen(s -> s.contains("^C"), Duration.ofSeconds(10));
    }

    @Test
    void pastedTextReachesTheShell() {
        // What the browser does on Ctrl+V / the context menu: a paste event on xterm's textarea.
        page.js("var t = document.querySelector('[data-tabnet-pane=\"0\"] .xterm-helper-textarea');"
                + "var d = new DataTransfer(); d.setData('text/plain', 'pasted-ünï\\n');"
                + "t.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true, cancelable: true }));");
        String screen = page.waitForScreen(s -> s.contains("unknown command: pasted"), Duration.ofSeconds(10));
        assertTrue(screen.contains("unknown command: pasted-ünï"), screen);
    }

    @Test
    void ctrlCWithASelectionCopiesInsteadOfInterrupting() {
        page.typeLine("version");
        page.waitForScreen(s -> s.contains("(wasm-gc)"), Duration.ofSeconds(10));
        page.type("half-typed");
        page.js("window.tabnetCopied = null;"
                + "window.addEventListener('copy', function (e) { window.tabnetCopied = e.clipboardData.getData('text/plain'); }, { once: true });"
                + "window.tabnetTerminal.selectAll();");
        page.type(Keys.chord(Keys.CONTROL, "c"));
        // The key did not reach the shell as ^C: the half-typed line is still there to finish.
        page.type("-more", Keys.ENTER);
        String screen = page.waitForScreen(s -> s.contains("unknown command: half"), Duration.ofSeconds(10));
        assertTrue(screen.contains("unknown command: half-typed-more"), screen);
        assertFalse(screen.contains("^C"), screen);
        Object copied = page.js("return window.tabnetCopied;");
        assertTrue(String.valueOf(copied).contains("(wasm-gc)"), "the copy event should carry the selection: " + copied);
    }

    /**
     * The cursor blinks while the terminal has focus, without a CSS animation (which Chromium would
     * restyle and repaint at every frame), stays solid right after a key, and stops blinking within
     * one blink of losing focus.
     */
    @Test
    @SuppressWarnings("unchecked")
    void cursorBlinksWithoutAFrameByFrameAnimation() {
        page.type("x"); // focus, and a key just typed
        java.util.Map<String, Object> seen = (java.util.Map<String, Object>) chromium.driver().executeAsyncScript(
                "var done = arguments[arguments.length - 1], pane = document.querySelector('[data-tabnet-pane]'), colours = {}, offRightAfterKey = pane.classList.contains('tabnet-cursor-off');"
                + "var n = 0, timer = setInterval(function () {"
                + "  var c = document.querySelector('.xterm-rows.xterm-focus .xterm-cursor'); if (c) colours[getComputedStyle(c).backgroundColor] = true;"
                + "  if (++n < 25) return; clearInterval(timer);"
                + "  document.activeElement.blur(); var offWhileBlurred = false, m = 0, t2 = setInterval(function () {"
                + "    if (++m > 7) offWhileBlurred = offWhileBlurred || pane.classList.contains('tabnet-cursor-off'); if (m < 22) return; clearInterval(t2);"
                + "    done({colours: Object.keys(colours).length, animations: document.getAnimations().length, offRightAfterKey: offRightAfterKey, offWhileBlurred: offWhileBlurred}); }, 100); }, 100);");
        page.type(Keys.BACK_SPACE);
        assertEquals(0L, ((Number) seen.get("animations")).longValue(), "no CSS animation runs: " + seen);
        assertEquals(2L, ((Number) seen.get("colours")).longValue(), "the focused cursor alternates between two looks in 2.5 s: " + seen);
        assertEquals(Boolean.FALSE, seen.get("offRightAfterKey"), "solid right after a key: " + seen);
        assertEquals(Boolean.FALSE, seen.get("offWhileBlurred"), "no blinking without focus: " + seen);
    }

    @Test
    void terminalFollowsTheWindowSize() {
        long before = page.columns();
        Dimension original = chromium.driver().manage().window().getSize();
        try {
            chromium.driver().manage().window().setSize(new Dimension(original.width / 2 + 100, original.height));
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(10)).until(d -> page.columns() < before);
            long narrow = page.columns();
            chromium.driver().manage().window().setSize(original);
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(10)).until(d -> page.columns() > narrow);
        } finally {
            chromium.driver().manage().window().setSize(original);
        }
    }
}
