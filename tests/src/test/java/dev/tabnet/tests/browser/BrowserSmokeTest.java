package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ProductInfo;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The walking skeleton end to end: server-stub serves the page, real headless Chromium runs the Wasm client. */
class BrowserSmokeTest {
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

    @Test
    void versionAnswersFromTheWasmClient() {
        page.typeLine("version");
        String screen = page.waitForScreen(s -> s.contains("(wasm-gc)"), Duration.ofSeconds(10));
        List<String> rows = Arrays.asList(screen.split("\n"));
        int cmd = rows.indexOf("tabnet> version");
        assertTrue(cmd >= 0, "the typed line should echo as typed:\n" + screen);
        assertEquals(ProductInfo.describe("wasm-gc"), rows.get(cmd + 1));
    }

    @Test
    void helpListsCommands() {
        page.typeLine("help");
        String screen = page.waitForScreen(s -> s.contains("show the client version"), Duration.ofSeconds(10));
        assertTrue(screen.contains("clear the screen"), screen);
    }

    @Test
    void statusLineFollowsTheNodeToTheLoginStep() {
        // loading → key generated → registering → QR code: the tab reached the control server on its own.
        page.waitForScreen(s -> "needs-login".equals(page.statusState()), Duration.ofSeconds(30));
        assertTrue(page.status().startsWith("scan the QR code to approve"), page.status());
        assertTrue(page.loginCode().matches("[0-9]{3} ?[0-9]{3}"), page.loginCode());
        assertTrue(page.loginUrl().startsWith(server.publicUrl() + "login/"), page.loginUrl());
    }
}
