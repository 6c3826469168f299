package dev.tabnet.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.ControlClient;
import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.jvm.ControlWebSocket;
import dev.tabnet.jvm.Ts2021Dialer;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.login.LoginRequests;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tab's control conversation in the core ({@link ControlClient} over {@link ControlConnection})
 * against the real server over a WebSocket: pre-auth registration, the phone login (QR link and
 * matching code, long-polled follow-up) and the netmap stream, and a refused key.
 */
class ControlClientEndToEndTest {
    private static final int VERSION = 145;
    private static final String PASSWORD = "operator-password-for-control-client-test";
    private static final SecureEntropy ENTROPY = new SecureEntropy();
    private static ServerStub server;
    private static URI base;
    private static byte[] controlKey;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.parse(new String[] {"--port", "0"}, Map.of("TABNET_OPERATOR_PASSWORD", PASSWORD))).start();
        base = URI.create("http://127.0.0.1:" + server.port());
        controlKey = new Ts2021Dialer(base, MachineKey.generate(ENTROPY), VERSION, ENTROPY, Duration.ofSeconds(10)).fetchControlKey();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Records the listener's events as text, and the netmaps. */
    static final class Events implements ControlClient.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<JsonObject> maps = new LinkedBlockingQueue<>();

        @Override
        public void onLoginUrl(String authUrl, String matchingCode) {
            events.add("login " + authUrl + " " + matchingCode);
        }

        @Override
        public void onRegistered(JsonObject r) {
            events.add("registered");
        }

        @Override
        public void onMapResponse(JsonObject m) {
            maps.add(m);
        }

        @Override
        public void onFailed(String reason) {
            events.add("failed " + reason);
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "expected a control client event");
            return e;
        }
    }

    private record Tab(ControlWebSocket socket, ControlClient client, Events events, byte[] nodeKey) {}

    private static Tab tab(String hostname, String authKey) throws Exception {
        Http2Config h2 = new Http2Config();
        h2.authority = base.getRawAuthority();
        ControlConnection conn = ControlConnection.open(MachineKey.generate(ENTROPY), controlKey, VERSION, h2, null, ENTROPY, System.nanoTime());
        byte[] nodeKey = ENTROPY.bytes(32);
        Events events = new Events();
        ControlClient client = new ControlClient(conn, VERSION, nodeKey, ENTROPY.bytes(32), hostname, authKey, 0, events);
        client.start();
        return new Tab(ControlWebSocket.connect(base, conn, Duration.ofSeconds(10)), client, events, nodeKey);
    }

    @Test
    void preAuthKeyRegistersAndTheNetmapArrives() throws Exception {
        Tab t = tab("preauth-tab", server.control().preAuthKeys.create(false, true, java.util.Set.of(), 60_000).text);
        try {
            assertEquals("registered", t.events.next());
            JsonObject first = t.events().maps.poll(10, TimeUnit.SECONDS);
            assertNotNull(first, "first MapResponse");
            assertEquals(KeyText.format(KeyText.NODE_PUBLIC, t.nodeKey()), first.getObject("Node").getString("Key"));
            assertTrue(first.getObject("Node").getString("Name").startsWith("preauth-tab"));
            assertNotNull(first.getObject("DERPMap"));
            // The core's netmap model takes the server's first message as it came through the channel.
            dev.tabnet.core.control.Netmap netmap = new dev.tabnet.core.control.Netmap();
            assertTrue(netmap.apply(first).self);
            org.junit.jupiter.api.Assertions.assertArrayEquals(t.nodeKey(), netmap.self().nodeKey());
            assertTrue(netmap.self().primaryAddress().toString().startsWith("100."), netmap.self().primaryAddress().toString());
        } finally {
            t.socket().close();
        }
    }

    @Test
    void phoneLoginShowsTheLinkAndCodeThenWaitsForApproval() throws Exception {
        Tab t = tab("phone-tab", null);
        try {
            String[] login = t.events.next().split(" ", 3);
            assertEquals("login", login[0]);
            String url = login[1];
            String id = url.substring(url.lastIndexOf('/') + 1);
            assertEquals(server.control().logins.find(id).matchingCode, login[2], "the tab shows the code the phone page shows");
            Thread.sleep(200); // the follow-up register is now waiting inside the server
            assertTrue(t.events().events.isEmpty(), "nothing happens until the operator decides");
            assertEquals(LoginRequests.Result.APPROVED, server.control().logins.approve(id, PASSWORD));
            assertEquals("registered", t.events.next());
            JsonObject first = t.events().maps.poll(10, TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals(KeyText.format(KeyText.NODE_PUBLIC, t.nodeKey()), first.getObject("Node").getString("Key"));
        } finally {
            t.socket().close();
        }
    }

    @Test
    void aDeniedLoginIsReported() throws Exception {
        Tab t = tab("denied-tab", null);
        try {
            String url = t.events.next().split(" ", 3)[1];
            Thread.sleep(100);
            assertEquals(LoginRequests.Result.DENIED, server.control().logins.deny(url.substring(url.lastIndexOf('/') + 1), PASSWORD));
            assertEquals("failed registration refused: the operator denied this login", t.events.next());
        } finally {
            t.socket().close();
        }
    }

    @Test
    void aBadPreAuthKeyIsRefused() throws Exception {
        Tab t = tab("bad-key-tab", "tskey-not-a-real-key");
        try {
            assertEquals("failed registration refused: invalid, expired or already used pre-auth key", t.events.next());
        } finally {
            t.socket().close();
        }
    }
}
