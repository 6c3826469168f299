package dev.tabnet.server.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.tailnet.TailnetNode;
import dev.tabnet.server.tailnet.TestNodes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The phone's view, over real HTTP against the running server: what a person on a phone would do. */
class LoginPagesTest {
    static final String PASSWORD = "phone-test-password";
    static ServerStub server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PendingLogin newLogin(int seed) {
        return server.control().logins.open(TestNodes.key(seed), TestNodes.key(seed + 1), "chromium <tab>", "192.0.2.44", "Mozilla/5.0 <script>");
    }

    static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String... kv) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (form.length() > 0) form.append('&');
            form.append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLinkShowsWhoAsksAndTheMatchingCodeEscapedAndUncached() throws Exception {
        PendingLogin p = newLogin(1);
        assertTrue(p.authUrl.startsWith(server.publicUrl() + "login/"), p.authUrl);
        HttpResponse<String> r = get(p.authUrl);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains(p.matchingCode), "the code to compare with the tab");
        assertTrue(r.body().contains("chromium &lt;tab&gt;") && r.body().contains("192.0.2.44") && r.body().contains("Mozilla/5.0 &lt;script&gt;"));
        assertFalse(r.body().contains("<script>"), "page content is escaped");
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void approvingNeedsThePasswordAndWorksOnce() throws Exception {
        PendingLogin p = newLogin(2);
        HttpResponse<String> wrong = post(p.authUrl, "password", "guess", "action", "approve");
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong operator password"));
        assertFalse(p.outcome.isDone());

        HttpResponse<String> ok = post(p.authUrl, "password", PASSWORD, "action", "approve");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("Approved"));
        assertTrue(p.outcome.join());

        HttpResponse<String> reused = post(p.authUrl, "password", PASSWORD, "action", "approve");
        assertEquals(410, reused.statusCode());
        assertTrue(reused.body().contains("already used"));
    }

    @Test
    void forgedLinksAreNotFound() throws Exception {
        assertEquals(404, get(server.publicUrl() + "login/AAAAAAAAAAAAAAAAAAAAAA").statusCode());
        assertEquals(404, post(server.publicUrl() + "login/AAAAAAAAAAAAAAAAAAAAAA", "password", PASSWORD, "action", "approve").statusCode());
    }

    @Test
    void denyingRefusesTheTab() throws Exception {
        PendingLogin p = newLogin(3);
        HttpResponse<String> r = post(p.authUrl, "password", PASSWORD, "action", "deny");
        assertEquals(200, r.statusCode());
        assertFalse(p.outcome.join());
    }

    @Test
    void theNodeListRevokesABrowserNodeImmediately() throws Exception {
        TailnetNode tab = server.control().tailnet.register(TestNodes.registration(50, "doomed-tab", true, "tag:browser"));
        assertEquals(403, post(server.publicUrl() + "nodes", "password", "nope").statusCode());
        HttpResponse<String> list = post(server.publicUrl() + "nodes", "password", PASSWORD);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("doomed-tab") && list.body().contains("browser tab"), list.body());
        Matcher m = Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(list.body());
        assertTrue(m.find());
        HttpResponse<String> revoked = post(server.publicUrl() + "nodes", "token", m.group(1), "revoke", Long.toString(tab.id));
        assertEquals(200, revoked.statusCode());
        assertTrue(revoked.body().contains("Revoked doomed-tab"), revoked.body());
        assertNull(server.control().tailnet.byNodeKey(TestNodes.key(50)));
        assertEquals(403, post(server.publicUrl() + "nodes", "token", "forged", "revoke", "1").statusCode());
    }

    @Test
    void thePageStillServesTheClient() throws Exception {
        HttpResponse<String> r = get(server.pageUrl());
        assertEquals(200, r.statusCode());
        assertNotNull(r.body());
        assertTrue(r.body().contains("tailnet-console"));
        assertEquals(Set.of(), Set.copyOf(r.headers().allValues("Set-Cookie")));
    }
}
