package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A control server that is not there is an error in words with a Retry button, never a silent
 * hang; once the server is up, Retry brings the QR code. The widget is on another origin, and its
 * control-url names a port where nothing listens yet.
 */
class BrowserRetryTest {
    @Test
    void unreachableServerShowsTheErrorAndRetryRecovers() throws Exception {
        int controlPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            controlPort = s.getLocalPort();
        }
        String control = "http://127.0.0.1:" + controlPort;
        ServerStub assets = new ServerStub(ServerConfig.defaults().port(0)).start(); // serves the widget script
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String html = "<!doctype html><html><head><meta charset=utf-8><title>retry</title>"
                + "<script src=\"http://127.0.0.1:" + assets.port() + "/tabnet-widget.js\"></script></head><body>"
                + "<tailnet-console control-url=\"" + control + "\" style=\"height:420px\"></tailnet-console></body></html>";
        site.createContext("/", ex -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        site.start();
        ServerStub server = null;
        try (Chromium chromium = new Chromium()) {
            TerminalPage page = new TerminalPage(chromium.driver())
                    .open("http://127.0.0.1:" + site.getAddress().getPort() + "/").waitForClient(Duration.ofSeconds(30));
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> "error".equals(page.statusState()));
            String words = page.status();
            assertTrue(words.startsWith("error: ") && words.contains(String.valueOf(controlPort)), "the error names what failed: " + words);
            System.out.println("[BrowserRetryTest] status line: " + words);
            WebElement retry = chromium.driver().findElement(By.cssSelector("[data-tabnet-retry]"));
            assertTrue(retry.isDisplayed(), "a Retry button next to the error");
            // The console still answers while the node is down, and says why it cannot ping.
            page.typeLine("ping box");
            page.waitForScreen(s -> s.contains("not connected to the tailnet"), Duration.ofSeconds(10));

            server = new ServerStub(ServerConfig.defaults().port(controlPort)).start();
            retry.click();
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> "needs-login".equals(page.statusState()));
            assertTrue(page.loginUrl().startsWith(control + "/login/"), page.loginUrl());
            assertEquals(false, retry.isDisplayed(), "Retry is hidden once it worked");
        } finally {
            if (server != null) server.close();
            site.stop(0);
            assets.close();
        }
    }
}
