package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.console.node.NodeConfig;
import dev.tabnet.console.node.NodePhase;
import dev.tabnet.console.node.NodeStatusListener;
import dev.tabnet.console.node.NodeTailnet;
import dev.tabnet.jvm.JvmNodePlatform;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.tailnet.TailnetNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 8 end to end in real headless Chromium: the page's own node (the Wasm client) logs in by QR
 * code the way a person does, then pings and lists a peer from the console.
 *
 * <ol>
 *   <li>The server stub runs with an operator password; a JVM peer joins with a pre-auth key
 *       ({@link NodeTailnet}, the same node code the tab runs, on {@link JvmNodePlatform}).
 *   <li>The tab walks through every phase (key generated → registering → QR code → approved →
 *       relay connected → ready; the page records when it saw each one).
 *   <li>The QR code is read from a screenshot (pixels only, as a phone camera would); the link it
 *       holds is the one the tab shows, and the phone page shows the same matching code.
 *   <li>Approval is a POST of the operator password to that link, as the phone page does.
 *   <li>{@code ping} gets replies through the server's DERP relay, read from the terminal;
 *       {@code status} lists the peer; {@code ssh} opens a tab per session while the console
 *       stays usable; the terminal's width follows the window.
 *   <li>Closing the browser: the server forgets the ephemeral node within 30 s.
 * </ol>
 *
 * <p>TODO(issue 8, last step): SSH from the tab through the server's built-in node (branch
 * {@code node}: {@code --node --forward 22=127.0.0.1:<sshd port>}) to a real OpenSSH sshd, with
 * the host key prompt, the password prompt and a command's output read from the session's tab.
 * Branch {@code node} was not in main when this test was written; here the SSH step only checks
 * that each {@code ssh} gets its own tab and reports the refused connection there.
 */
class BrowserEndToEndTest {
    static final String PASSWORD = "browser-e2e-operator-password";
    static final String PEER = "jvmpeer";

    private ServerStub server;
    private JvmNodePlatform peerLoop;
    private NodeTailnet peer;
    private Chromium chromium;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD)).start();
        String key = server.control().preAuthKeys.create(false, true, Set.of(), 60_000).text;
        peerLoop = new JvmNodePlatform(PEER);
        NodePhase[] phase = {NodePhase.LOADING};
        peer = peerLoop.call(() -> new NodeTailnet(peerLoop, new NodeConfig(server.publicUrl(), PEER, key), new NodeStatusListener() {
            @Override public void onPhase(NodePhase p, String detail) { phase[0] = p; }
            @Override public void onLoginUrl(String authUrl, String matchingCode) {}
            @Override public void onLoginDone() {}
        }));
        peerLoop.call(() -> {
            peer.up();
            return null;
        });
        long end = System.nanoTime() + 20_000_000_000L;
        while (phase[0] != NodePhase.READY) {
            if (System.nanoTime() > end) throw new AssertionError("the JVM peer did not get ready: " + phase[0]);
            Thread.sleep(20);
        }
        chromium = new Chromium();
    }

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (peer != null) peerLoop.call(() -> {
            peer.down();
            return null;
        });
        if (peerLoop != null) peerLoop.close();
        if (server != null) server.close();
    }

    @Test
    void loginByQrThenPingStatusSshTabsAndTheServerForgetsTheClosedTab() throws Exception {
        long navigation = System.nanoTime();
        TerminalPage page = new TerminalPage(chromium.driver()).open(server.pageUrl()).waitForClient(Duration.ofSeconds(30));

        // The QR code, read off the screen like a phone camera does.
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> !page.loginCode().isEmpty());
        long qrSeenMillis = (System.nanoTime() - navigation) / 1_000_000;
        double qrAtMillis = ((Number) page.js("return window.tabnetTimings.qr;")).doubleValue();
        String scanned = ScreenshotQr.decode(chromium.driver());
        assertEquals(page.loginUrl(), scanned, "the QR code holds the link shown next to it");
        assertTrue(scanned.startsWith(server.publicUrl() + "login/"), scanned);
        assertEquals("needs-login", page.statusState(), page.status());

        // The phone page shows the same matching code as the tab.
        HttpResponse<String> phone = http.send(HttpRequest.newBuilder(URI.create(scanned)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, phone.statusCode());
        String code = page.loginCode();
        assertTrue(code.matches("[0-9]{3} ?[0-9]{3}"), code);
        assertTrue(phone.body().contains(code), "the phone page shows the tab's matching code " + code);

        long approvedAt = System.nanoTime();
        HttpResponse<String> approved = post(scanned, "password", PASSWORD, "action", "approve");
        assertEquals(200, approved.statusCode(), approved.body());
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(30)).until(d -> "ready".equals(page.statusState()));
        long readyAt = System.nanoTime();
        assertTrue(page.loginCode().isEmpty() && page.loginUrl().isEmpty(), "the QR panel is hidden after approval");
        assertTrue(page.status().startsWith("ready"), page.status());
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) page.js("return window.tabnetTimings;");
        for (String p : new String[] {"loading", "key-generated", "registering", "needs-login", "approved", "relay-connected", "ready"}) {
            assertTrue(seen.containsKey(p), "the status line went through " + p + ": " + seen);
        }
        System.out.printf("browser e2e: navigation→QR %.0f ms (page clock; seen by the test after %d ms), approval→ready %d ms, phases %s%n",
                qrAtMillis, qrSeenMillis, (readyAt - approvedAt) / 1_000_000, seen);

        TailnetNode tab = null;
        for (TailnetNode n : server.control().tailnet.nodes()) if (n.hostname.startsWith("browser-")) tab = n;
        assertNotNull(tab, "the server knows the tab's node");
        assertTrue(tab.ephemeral, "a tab registers as an ephemeral node");
        final long tabId = tab.id;

        // Ping through the tunnel (WireGuard over the DERP relay) to the peer; replies in the terminal.
        page.typeLine("ping -c 3 " + PEER);
        String screen = page.waitForScreen(s -> count(s, "pong from ") >= 3 && s.trim().endsWith("tabnet>"), Duration.ofSeconds(20));
        assertFalse(screen.contains("timeout waiting"), screen);
        Matcher m = Pattern.compile("pong from (100\\.[0-9.]+) seq=1 ").matcher(screen);
        assertTrue(m.find(), screen);
        String peerAddress = m.group(1);

        page.typeLine("clear");
        page.typeLine("status");
        screen = page.waitForScreen(s -> s.contains(PEER), Duration.ofSeconds(10));
        assertTrue(screen.contains(peerAddress), "status lists the peer with its address:\n" + screen);
        assertTrue(screen.contains(tab.hostname), "status shows this tab's own name:\n" + screen);

        // Each ssh gets a tab of its own; the console stays usable. Nothing listens on the peer's port 22.
        page.typeLine("clear");
        page.typeLine("ssh nobody@" + PEER);
        page.waitForScreen(s -> s.contains("session opened in a new tab"), Duration.ofSeconds(10));
        page.waitForScreen(1, s -> s.contains("ssh: "), Duration.ofSeconds(30));
        assertEquals("true", page.js("return document.querySelector('[data-tabnet-tab=\"1\"]').getAttribute('aria-selected');"),
                "the new session's tab comes to the front");
        page.activateTab(0);
        page.typeLine("ssh -p 2222 other@" + PEER);
        page.waitForScreen(2, s -> s.contains("ssh: "), Duration.ofSeconds(30));
        assertEquals(3, chromium.driver().findElements(By.cssSelector("[data-tabnet-tab]")).size());
        System.out.println("ssh tab 1:\n" + page.screen(1).trim());
        page.activateTab(0);
        chromium.driver().findElement(By.cssSelector("[data-tabnet-tab-close='1']")).click();
        assertEquals(2, chromium.driver().findElements(By.cssSelector("[data-tabnet-tab]")).size());
        page.typeLine("version");
        page.waitForScreen(s -> s.contains("(wasm-gc)"), Duration.ofSeconds(10));

        // The terminal follows the window.
        long cols = page.columns();
        chromium.driver().manage().window().setSize(new Dimension(700, 700));
        new WebDriverWait(chromium.driver(), Duration.ofSeconds(10)).until(d -> page.columns() < cols);

        // Closing the tab ends the node's streams; the server forgets the ephemeral node.
        chromium.close();
        chromium = null;
        long closedAt = System.nanoTime();
        while (server.control().tailnet.byId(tabId) != null) {
            if (System.nanoTime() - closedAt > 30_000_000_000L) throw new AssertionError("the server still knows the closed tab after 30 s");
            Thread.sleep(200);
        }
        System.out.printf("browser e2e: the server forgot the closed tab after %d ms%n", (System.nanoTime() - closedAt) / 1_000_000);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private HttpResponse<String> post(String url, String... kv) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (form.length() > 0) form.append('&');
            form.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
