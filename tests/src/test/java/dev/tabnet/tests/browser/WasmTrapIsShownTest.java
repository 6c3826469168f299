package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A Wasm trap (a bug in the client, e.g. an out-of-bounds array access) unwinds past the Java
 * code that reports failures; the page must still say that the client broke and offer Retry,
 * instead of leaving a session that silently stopped. The trap is simulated by dispatching the
 * error event the browser raises for an uncaught WebAssembly.RuntimeError.
 */
class WasmTrapIsShownTest {
    @Test
    void anUncaughtWasmTrapShowsAnErrorWithRetryAndRetryStartsAFreshNode() throws Exception {
        try (ServerStub server = new ServerStub(ServerConfig.defaults().port(0)).start();
             Chromium chromium = new Chromium()) {
            TerminalPage page = new TerminalPage(chromium.driver()).open(server.pageUrl()).waitForClient(Duration.ofSeconds(30));
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> "needs-login".equals(page.statusState()));
            String firstLogin = page.loginUrl();
            page.js("var err = new WebAssembly.RuntimeError('array element access out of bounds');"
                    + "window.dispatchEvent(new ErrorEvent('error', {error: err, message: 'Uncaught RuntimeError: ' + err.message}));");
            assertEquals("error", page.statusState());
            assertTrue(page.status().contains("internal error in the client (array element access out of bounds)"), page.status());
            assertTrue(chromium.driver().findElement(By.cssSelector("[data-tabnet-retry]")).isDisplayed(), "Retry is offered");

            // Ordinary script errors are not the client's: they change nothing.
            page.js("window.dispatchEvent(new ErrorEvent('error', {error: new TypeError('x is undefined'), message: 'x'}));");
            assertTrue(page.status().contains("internal error in the client"), page.status());

            chromium.driver().findElement(By.cssSelector("[data-tabnet-retry]")).click();
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> "needs-login".equals(page.statusState())
                    && !page.loginUrl().equals(firstLogin));
        }
    }
}
