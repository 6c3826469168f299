package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tabnet.core.ProductInfo;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console embedded in a page of ANOTHER origin (a second HTTP server on another port) through
 * one script tag and the custom element, and the promise that nothing is stored in the browser.
 */
class WidgetAndStorageTest {
    private static ServerStub server;
    private static HttpServer otherOrigin;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0)).start();
        String base = "http://127.0.0.1:" + server.port();
        String page = "<!doctype html><html><head><meta charset=utf-8><title>someone else's site</title>"
                + "<script src=\"" + base + "/tabnet-widget.js\"></script></head><body>"
                + "<h1>Ops dashboard</h1><tailnet-console control-url=\"" + base + "\" style=\"height:400px\"></tailnet-console>"
                + "</body></html>";
        otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherOrigin.createContext("/", ex -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        otherOrigin.start();
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (otherOrigin != null) otherOrigin.stop(0);
        if (server != null) server.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void widgetWorksOnAnotherOriginAndStoresNothing() {
        String embedUrl = "http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/";
        assertNotEquals(server.port(), otherOrigin.getAddress().getPort());
        TerminalPage page = new TerminalPage(chromium.driver()).open(embedUrl).waitForClient(Duration.ofSeconds(30));
        page.typeLine("version");
        page.waitForScreen(s -> s.contains(ProductInfo.describe("wasm-gc")), Duration.ofSeconds(10));
        // The node reached the control server of the other origin (fetch of /key, ts2021 WebSocket) and shows its QR.
        page.waitForScreen(s -> "needs-login".equals(page.statusState()), Duration.ofSeconds(30));
        assertTrue(page.loginUrl().startsWith(base() + "/login/"), page.loginUrl());

        Map<String, Object> stored = BrowserStorage.inventory(chromium.driver());
        assertEquals(0L, stored.get("localStorage"), stored.toString());
        assertEquals(0L, stored.get("sessionStorage"), stored.toString());
        assertEquals("", stored.get("cookies"), stored.toString());
        assertEquals(0L, stored.get("indexedDB"), stored.toString());
        assertEquals(0L, stored.get("cacheStorage"), stored.toString());
        assertTrue(!stored.containsKey("error"), stored.toString());
    }
}
