package dev.tabnet.server.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.tailnet.TestNodes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing the operator password over HTTP, as an attacker holding login links would: each link
 * burns after five wrong tries, twenty failures a minute pause every approval (429), and the rest
 * of the server keeps serving while it is hammered.
 */
class LoginBruteForceTest {
    private static final String PASSWORD = "brute-force-test-password";
    private final HttpClient http = HttpClient.newHttpClient();
    private ServerStub server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PendingLogin link(int seed) {
        return server.control().logins.open(TestNodes.key(seed), TestNodes.key(seed + 500), "tab-" + seed, "192.0.2.9", "UA");
    }

    private HttpResponse<String> post(String url, String password) throws Exception {
        String form = "action=approve&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void fiveWrongPasswordsBurnTheLinkForGood() throws Exception {
        PendingLogin p = link(1);
        for (int i = 1; i < LoginRequests.MAX_FAILURES_PER_LINK; i++) assertEquals(403, post(p.authUrl, "guess-" + i).statusCode());
        HttpResponse<String> last = post(p.authUrl, "guess-last");
        assertEquals(410, last.statusCode());
        assertTrue(last.body().contains("Too many wrong passwords for this link"), last.body());
        assertEquals(410, post(p.authUrl, PASSWORD).statusCode(), "the right password comes too late");
        assertFalse(p.outcome.join(), "the waiting tab is refused");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(p.authUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(page.body().contains("<form"), "a burned link offers no form");
    }

    @Test
    void aParallelGuessingRunIsCappedAtTwentyTriesThenEverythingIs429() throws Exception {
        List<PendingLogin> links = new ArrayList<>();
        for (int i = 0; i < 10; i++) links.add(link(10 + i));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        AtomicInteger pageChecks = new AtomicInteger();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            all.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    PendingLogin p = links.get((thread * 25 + i) % links.size());
                    int code = post(p.authUrl, "guess-" + thread + "-" + i).statusCode();
                    statuses.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    // The rest of the server answers during the attack.
                    if (i % 5 == 0 && get(server.pageUrl()) == 200) pageChecks.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : all) f.get();
        pool.shutdown();
        int counted = count(statuses, 403) + count(statuses, 410);
        assertEquals(200, counted + count(statuses, 429), "every attempt got an answer: " + statuses);
        assertEquals(0, count(statuses, 200), "no guess approved anything: " + statuses);
        // Exactly the per-minute budget of wrong passwords was checked: the 403s plus the one try that
        // burned each burned link (later tries on a burned link answer 410 without checking anything).
        long burned = links.stream().filter(p -> p.state() == PendingLogin.State.BURNED).count();
        assertEquals(LoginRequests.MAX_FAILURES_PER_MINUTE, count(statuses, 403) + burned, statuses + ", burned " + burned);
        assertTrue(count(statuses, 429) >= 150, "the throttle took over: " + statuses);
        assertEquals(40, pageChecks.get(), "the page was served throughout");
        for (PendingLogin p : links) assertFalse(p.outcome.isDone() && p.outcome.join(), "no link approved");

        // Now even the right password on a fresh link, and at the node list, waits out the minute.
        PendingLogin fresh = link(90);
        assertEquals(429, post(fresh.authUrl, PASSWORD).statusCode());
        assertFalse(fresh.outcome.isDone());
        assertEquals(429, post(server.publicUrl() + "nodes", PASSWORD).statusCode());
        assertEquals(200, get(server.pageUrl()), "the page is still served");
        assertEquals(200, get(server.pageUrl() + "tabnet-widget.js"));
    }

    private static int count(Map<Integer, AtomicInteger> m, int code) {
        AtomicInteger n = m.get(code);
        return n == null ? 0 : n.get();
    }
}
