package dev.tabnet.server.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.jvm.Ts2021Dialer;
import dev.tabnet.jvm.Ts2021Stream;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole ts2021 path against the real server stub on loopback: /key over HTTP, the Noise
 * handshake with our core initiator over a real WebSocket (java.net.http) and over the HTTP/1.1
 * upgrade, then HTTP/2 requests inside Noise answered by Jetty's HTTP/2 server.
 */
class Ts2021EndToEndTest {
    private static final int VERSION = 145;
    private static final String OPERATOR_PASSWORD = "operator-password-for-this-test";
    private static ServerStub server;
    private static URI base;
    private static final SecureEntropy ENTROPY = new SecureEntropy();

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.parse(new String[] {"--port", "0"}, Map.of("TABNET_OPERATOR_PASSWORD", OPERATOR_PASSWORD))).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Ts2021Dialer dialer(MachineKey machine) {
        return new Ts2021Dialer(base, machine, VERSION, ENTROPY, Duration.ofSeconds(10));
    }

    @Test
    void keyEndpointServesTheControlKeyAsTailscaleJson() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/key?v=" + VERSION)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        Map<String, Object> m = JSON.std.mapFrom(r.body());
        assertEquals(KeyText.format(KeyText.MACHINE_PUBLIC, new byte[32]), m.get("legacyPublicKey"));
        assertEquals(32, KeyText.parse(KeyText.MACHINE_PUBLIC, (String) m.get("publicKey")).length);
        assertTrue(r.body().endsWith("}\n"), "Go's json.Encoder ends with a newline");

        HttpResponse<String> noV = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/key")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noV.statusCode());
    }

    @Test
    void webSocketHandshakeThenHttp2InsideNoise() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        Ts2021Dialer d = dialer(machine);
        try (Ts2021Stream s = d.dialWebSocket(d.fetchControlKey())) {
            MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
            MiniHttp2Client.Response r = h2.request("GET", "/tabnet/session", null, null);
            assertEquals(200, r.status(), r.text());
            Map<String, Object> m = JSON.std.mapFrom(r.text());
            assertEquals(machine.publicText(), m.get("machineKey"), "server saw our machine key through Noise");
            assertEquals(VERSION, ((Number) m.get("protocolVersion")).intValue());
            assertEquals(dev.tabnet.core.util.Hex.encode(s.handshakeHash()), m.get("handshakeHash"));
            assertEquals("websocket", m.get("transport"));
            assertEquals("HTTP/2.0", m.get("httpVersion"));
            assertNull(s.earlyPayload(), "no early payload on the WebSocket path");
            assertTrue(h2.settingsFramesSeen >= 1, "Jetty's HTTP/2 server sent its SETTINGS");

            MiniHttp2Client.Response reg = h2.request("POST", "/machine/register", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, reg.status(), "register failures travel in the Error member, as Tailscale clients expect");
            assertTrue(((String) JSON.std.mapFrom(reg.text()).get("Error")).startsWith("NodeKey must be"), reg.text());
            assertEquals(400, h2.request("POST", "/machine/map", "application/json", "{\"Version\":1}".getBytes(StandardCharsets.UTF_8)).status());
            assertEquals(501, h2.request("POST", "/machine/set-dns", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).status());
            assertEquals(404, h2.request("GET", "/index.html", null, null).status(), "the page is not reachable through Noise");
        }
    }

    /** register + map request bodies as a Go client shapes them (Go field names, zero values included). */
    private static byte[] registerBody(byte[] nodeKey, String authKey, String hostname) throws IOException {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("Version", VERSION);
        r.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        r.put("OldNodeKey", KeyText.format(KeyText.NODE_PUBLIC, new byte[32]));
        r.put("NLKey", KeyText.format(KeyText.TAILNET_LOCK_PUBLIC, new byte[32]));
        r.put("Auth", Map.of("AuthKey", authKey));
        r.put("Expiry", "0001-01-01T00:00:00Z");
        r.put("Followup", "");
        r.put("Hostinfo", Map.of("Hostname", hostname, "OS", "js"));
        r.put("Ephemeral", true);
        return JSON.std.asBytes(r);
    }

    private static byte[] mapBody(byte[] nodeKey, byte[] discoKey) throws IOException {
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("Version", VERSION);
        r.put("KeepAlive", true);
        r.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        r.put("DiscoKey", KeyText.format(KeyText.DISCO_PUBLIC, discoKey));
        r.put("Stream", true);
        r.put("Hostinfo", Map.of("Hostname", "tab", "NetInfo", Map.of("PreferredDERP", 999)));
        return JSON.std.asBytes(r);
    }

    @Test
    @SuppressWarnings("unchecked")
    void preAuthRegistrationAndLiveMapStreamThroughNoise() throws Exception {
        var keys = server.control().preAuthKeys;
        MachineKey machineA = MachineKey.generate(ENTROPY), machineB = MachineKey.generate(ENTROPY);
        byte[] nodeA = ENTROPY.bytes(32), nodeB = ENTROPY.bytes(32);
        Ts2021Dialer da = dialer(machineA);
        try (Ts2021Stream a = da.dialWebSocket(da.fetchControlKey())) {
            MiniHttp2Client h2a = new MiniHttp2Client(a.input(), a.output());
            MiniHttp2Client.Response reg = h2a.request("POST", "/machine/register", "application/json",
                    registerBody(nodeA, keys.create(false, true, java.util.Set.of(), 60_000).text, "tab-a"));
            assertEquals(200, reg.status(), reg.text());
            assertEquals(Boolean.TRUE, JSON.std.mapFrom(reg.text()).get("MachineAuthorized"), reg.text());

            MiniHttp2Client.Streaming map = h2a.stream("POST", "/machine/map", "application/json", mapBody(nodeA, ENTROPY.bytes(32)));
            assertEquals(200, map.status);
            Map<String, Object> first = JSON.std.mapFrom(map.readMapMessage());
            Map<String, Object> self = (Map<String, Object>) first.get("Node");
            assertEquals(KeyText.format(KeyText.NODE_PUBLIC, nodeA), self.get("Key"));
            assertEquals(machineA.publicText(), self.get("Machine"), "the node is bound to the Noise-authenticated machine key");
            assertTrue(((java.util.List<String>) self.get("Addresses")).get(0).startsWith("100."), self.toString());
            assertNotNull(first.get("DERPMap"));

            // A second machine joins over the HTTP upgrade; A's open stream must hear about it.
            Ts2021Dialer db = dialer(machineB);
            try (Ts2021Stream b = db.dialUpgrade(db.fetchControlKey())) {
                MiniHttp2Client h2b = new MiniHttp2Client(b.input(), b.output());
                MiniHttp2Client.Response regB = h2b.request("POST", "/machine/register", "application/json",
                        registerBody(nodeB, keys.create(false, true, java.util.Set.of(), 60_000).text, "tab-b"));
                assertEquals(Boolean.TRUE, JSON.std.mapFrom(regB.text()).get("MachineAuthorized"), regB.text());
                String keyB = KeyText.format(KeyText.NODE_PUBLIC, nodeB);
                boolean seen = false;
                for (int i = 0; i < 5 && !seen; i++) {
                    Map<String, Object> delta = JSON.std.mapFrom(map.readMapMessage());
                    Object changed = delta.get("PeersChanged");
                    seen = changed != null && changed.toString().contains(keyB);
                }
                assertTrue(seen, "PeersChanged with the new node arrived on the long poll");

                // B may not map with A's node key: the Noise machine key does not match.
                MiniHttp2Client.Response stolen = h2b.request("POST", "/machine/map", "application/json", mapBody(nodeA, ENTROPY.bytes(32)));
                assertEquals(404, stolen.status(), stolen.text());
            }
            map.cancel();
        }
    }

    @Test
    void oddlyTypedBodiesStillGetAnAnswer() throws Exception {
        Ts2021Dialer d = dialer(MachineKey.generate(ENTROPY));
        try (Ts2021Stream s = d.dialUpgrade(d.fetchControlKey())) {
            MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
            String[] bodies = {
                "{\"NodeKey\":5,\"Hostinfo\":\"x\",\"Expiry\":7,\"Auth\":[1]}",
                "{\"NodeKey\":\"nodekey:" + "0".repeat(64) + "\",\"Auth\":{\"AuthKey\":42},\"Followup\":{}}",
                "[1,2,3]", "not json", "",
            };
            for (String b : bodies) {
                for (String path : new String[] {"/machine/register", "/machine/map"}) {
                    MiniHttp2Client.Response r = h2.request("POST", path, "application/json", b.getBytes(StandardCharsets.UTF_8));
                    assertTrue(r.status() == 200 || (r.status() >= 400 && r.status() < 500), path + " " + b + " -> " + r.status() + " " + r.text());
                }
            }
            assertEquals(200, h2.request("GET", "/tabnet/session", null, null).status(), "the connection survived all of them");
        }
    }

    @Test
    void interactiveLoginLongPollsThroughNoiseUntilTheOperatorApproves() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        byte[] nodeKey = ENTROPY.bytes(32);
        Ts2021Dialer d = dialer(machine);
        try (Ts2021Stream s = d.dialWebSocket(d.fetchControlKey())) {
            MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
            Map<String, Object> first = JSON.std.mapFrom(h2.request("POST", "/machine/register", "application/json",
                    registerBody(nodeKey, "", "tab-phone")).text());
            String authUrl = (String) first.get("AuthURL");
            assertEquals(Boolean.FALSE, first.get("MachineAuthorized"));
            assertTrue(authUrl.startsWith(server.publicUrl() + "login/"), authUrl);

            Map<String, Object> followup = new java.util.LinkedHashMap<>(JSON.std.mapFrom(registerBody(nodeKey, "", "tab-phone")));
            followup.remove("Auth");
            followup.put("Followup", authUrl);
            java.util.concurrent.CompletableFuture<MiniHttp2Client.Response> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return h2.request("POST", "/machine/register", "application/json", JSON.std.asBytes(followup));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(300);
            assertTrue(!waiting.isDone(), "the follow-up waits for the operator");
            String id = authUrl.substring(authUrl.lastIndexOf('/') + 1);
            assertEquals(dev.tabnet.server.login.LoginRequests.Result.APPROVED, server.control().logins.approve(id, OPERATOR_PASSWORD));
            MiniHttp2Client.Response approved = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, approved.status());
            assertEquals(Boolean.TRUE, JSON.std.mapFrom(approved.text()).get("MachineAuthorized"), approved.text());
            assertNotNull(server.control().tailnet.byNodeKey(nodeKey), "registered once approved");
        }
    }

    @Test
    void closingTheTransportEndsTheHttp2ConnectionAndTheMapSession() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        byte[] nodeKey = ENTROPY.bytes(32);
        Ts2021Dialer d = dialer(machine);
        Ts2021Stream s = d.dialWebSocket(d.fetchControlKey());
        MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
        h2.request("POST", "/machine/register", "application/json",
                registerBody(nodeKey, server.control().preAuthKeys.create(false, true, java.util.Set.of(), 60_000).text, "tab-c"));
        MiniHttp2Client.Streaming map = h2.stream("POST", "/machine/map", "application/json", mapBody(nodeKey, ENTROPY.bytes(32)));
        map.readMapMessage();
        var node = server.control().tailnet.byNodeKey(nodeKey);
        assertTrue(server.control().tailnet.isActive(node), "an open map stream keeps the node active");
        assertEquals(1, server.ts2021().openSessionsOf(machine.publicKey()));

        s.close(); // WebSocket close: the server must tear down HTTP/2 and the map session
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((server.ts2021().openSessionsOf(machine.publicKey()) != 0 || server.control().tailnet.isActive(node)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.ts2021().openSessionsOf(machine.publicKey()), "inner HTTP/2 connection closed");
        assertTrue(!server.control().tailnet.isActive(node), "map session ended, so the ephemeral node starts its inactivity timer");
    }

    @Test
    void handshakeAndFirstRequestLatency() throws Exception {
        for (String transport : new String[] {"websocket", "http-upgrade"}) {
            long[] dial = new long[20], request = new long[20];
            for (int i = 0; i < dial.length; i++) {
                Ts2021Dialer d = dialer(MachineKey.generate(ENTROPY));
                byte[] key = d.fetchControlKey();
                long t0 = System.nanoTime();
                try (Ts2021Stream s = transport.equals("websocket") ? d.dialWebSocket(key) : d.dialUpgrade(key)) {
                    long t1 = System.nanoTime();
                    MiniHttp2Client.Response r = new MiniHttp2Client(s.input(), s.output()).request("GET", "/tabnet/session", null, null);
                    long t2 = System.nanoTime();
                    assertEquals(200, r.status());
                    assertEquals(transport, JSON.std.mapFrom(r.text()).get("transport"));
                    dial[i] = t1 - t0;
                    request[i] = t2 - t1;
                }
            }
            java.util.Arrays.sort(dial);
            java.util.Arrays.sort(request);
            System.out.printf("ts2021 over %s on loopback: median connect+Noise handshake %.2f ms, first HTTP/2 request %.2f ms (20 runs)%n",
                    transport, dial[10] / 1e6, request[10] / 1e6);
        }
    }

    @Test
    void httpUpgradeHandshakeWithEarlyPayloadThenHttp2() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        Ts2021Dialer d = dialer(machine);
        try (Ts2021Stream s = d.dialUpgrade(d.fetchControlKey())) {
            MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
            MiniHttp2Client.Response r = h2.request("GET", "/tabnet/session", null, null);
            assertEquals(200, r.status(), r.text());
            Map<String, Object> m = JSON.std.mapFrom(r.text());
            assertEquals(machine.publicText(), m.get("machineKey"));
            assertEquals("http-upgrade", m.get("transport"));
            byte[] early = s.earlyPayload();
            assertNotNull(early, "the HTTP upgrade path carries EarlyNoise");
            Map<String, Object> e = JSON.std.mapFrom(new String(early, StandardCharsets.UTF_8));
            assertEquals(32, KeyText.parse(KeyText.CHALLENGE_PUBLIC, (String) e.get("nodeKeyChallenge")).length);
        }
    }

    @Test
    void largeRequestBodyCrossesManyRecords() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        Ts2021Dialer d = dialer(machine);
        try (Ts2021Stream s = d.dialWebSocket(d.fetchControlKey())) {
            MiniHttp2Client h2 = new MiniHttp2Client(s.input(), s.output());
            // Four HTTP/2 DATA frames spanning 16+ Noise records; the map service reads it all and
            // then refuses the (deliberately) old capability version.
            String big = "{\"Version\":1,\"pad\":\"" + "x".repeat(65_000) + "\"}";
            MiniHttp2Client.Response r = h2.request("POST", "/machine/map", "application/json", big.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.status());
            assertTrue(r.text().startsWith("capability version 1 is too old"), r.text());
        }
    }

    @Test
    void wrongControlKeyIsRefused() throws Exception {
        Ts2021Dialer d = dialer(MachineKey.generate(ENTROPY));
        byte[] wrong = MachineKey.generate(ENTROPY).publicKey();
        IOException ws = assertThrows(IOException.class, () -> d.dialWebSocket(wrong));
        assertTrue(ws.getMessage().contains("handshake failed"), ws.getMessage());
        IOException up = assertThrows(IOException.class, () -> d.dialUpgrade(wrong));
        assertTrue(up.getMessage().contains("handshake failed"), up.getMessage());
    }

    @Test
    void upgradeRequestErrorsFollowControlhttpserver() throws Exception {
        // HTTP/1.1 only: java.net.http would otherwise offer "Upgrade: h2c" itself.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/ts2021"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, missing.statusCode());
        assertEquals("missing next protocol\n", missing.body());

        assertEquals("HTTP/1.1 400 Bad Request|missing Tailscale handshake header",
                rawUpgrade("Upgrade: tailscale-control-protocol\r\nConnection: upgrade\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request|unknown next protocol",
                rawUpgrade("Upgrade: something-else\r\nConnection: upgrade\r\nX-Tailscale-Handshake: AAAA\r\n"));
        assertEquals("HTTP/1.1 400 Bad Request|invalid tailscale handshake header",
                rawUpgrade("Upgrade: tailscale-control-protocol\r\nConnection: upgrade\r\nX-Tailscale-Handshake: !!!\r\n"));
    }

    @Test
    void malformedInitiationIsAnsweredWithANoiseErrorOnTheUpgradedStream() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /ts2021 HTTP/1.1\r\nHost: x\r\nUpgrade: tailscale-control-protocol\r\n"
                    + "Connection: upgrade\r\nX-Tailscale-Handshake: AAAA\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes(); // the server closes after the error message
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 101 "), text);
            int body = text.indexOf("\r\n\r\n") + 4;
            assertEquals(3, all[body], "message type 0x03 (error)");
            int len = (all[body + 1] & 0xff) << 8 | (all[body + 2] & 0xff);
            assertEquals("wrong handshake initiation size", new String(all, body + 3, len, StandardCharsets.UTF_8));
        }
    }

    /** Status line and body of a hand-written POST /ts2021 with the given extra headers. */
    private static String rawUpgrade(String headers) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /ts2021 HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return text.substring(0, text.indexOf("\r\n")) + "|" + text.substring(text.indexOf("\r\n\r\n") + 4).trim();
        }
    }

    @Test
    void webSocketWithoutSubprotocolIsClosedWithPolicyViolation() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ts2021?X-Tailscale-Handshake=AAAA"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                                closed.complete(code);
                                return null;
                            }
                        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1008, closed.get(10, java.util.concurrent.TimeUnit.SECONDS));
        ws.abort();
    }
}
