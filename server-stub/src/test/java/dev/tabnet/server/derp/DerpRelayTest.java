package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.derp.ServerInfo;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.disco.DiscoConstants;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import dev.tabnet.jvm.DerpClientLoop;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay on the real Jetty server over loopback, with JVM clients and hand-driven sockets. */
class DerpRelayTest {
    private static final Duration T = Duration.ofSeconds(10);
    private RelayHarness h;

    private RelayHarness harness(DerpRelayConfig c) throws Exception {
        h = new RelayHarness(c);
        return h;
    }

    @AfterEach
    void tearDown() {
        if (h != null) h.close();
    }

    @Test
    void webSocketAndHttpUpgradeClientsExchangePackets() throws Exception {
        harness(new DerpRelayConfig());
        PacketCollector ca = new PacketCollector(), cb = new PacketCollector();
        DerpClientLoop a = h.client(h.webSocket(), ca);
        DerpClientLoop b = h.client(h.httpUpgrade(), cb);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T));
        a.send(b.publicKey(), "hello over derp".getBytes(StandardCharsets.UTF_8));
        PacketCollector.Received r = cb.next(T);
        assertEquals("hello over derp", new String(r.data, StandardCharsets.UTF_8));
        assertEquals(NodeKey.of(a.publicKey()), r.source, "RecvPacket carries the sender's key");
        b.send(a.publicKey(), new byte[DerpConstants.MAX_PACKET_SIZE]);
        r = ca.next(T);
        assertEquals(DerpConstants.MAX_PACKET_SIZE, r.data.length, "a maximum-size packet passes");
        assertEquals(NodeKey.of(b.publicKey()), r.source);
        assertTrue(h.relay.isConnected(a.publicKey()) && h.relay.isConnected(b.publicKey()));
    }

    @Test
    void httpUpgradeAnswers101WithDerpHeadersAndPlainGetGets426() throws Exception {
        harness(new DerpRelayConfig());
        try (Socket s = new Socket("127.0.0.1", h.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /derp HTTP/1.1\r\nHost: x\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder head = new StringBuilder();
            byte[] after = null;
            while (after == null) {
                int n = in.read(buf);
                assertTrue(n > 0, "response");
                head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                int e = head.indexOf("\r\n\r\n");
                if (e >= 0) after = head.substring(e + 4).getBytes(StandardCharsets.ISO_8859_1);
            }
            String hs = head.toString();
            assertTrue(hs.startsWith("HTTP/1.1 101"), hs);
            assertTrue(hs.contains("Upgrade: DERP"), hs);
            assertTrue(hs.contains("Derp-Version: 2"), hs);
            assertTrue(hs.contains("Derp-Public-Key: " + Hex.encode(h.relay.publicKey())), hs);
            // Then the ServerKey frame: magic + the same key.
            byte[] frame = after;
            while (frame.length < 45) {
                int n = in.read(buf);
                frame = Bytes.concat(frame, Bytes.slice(buf, 0, n));
            }
            assertArrayEquals(Frames.serverKey(h.relay.publicKey()), Bytes.slice(frame, 0, 45));
            // Log in on the upgraded socket: ServerInfo comes back.
            byte[] priv = dev.tabnet.core.crypto.X25519.generatePrivateKey(new dev.tabnet.core.crypto.SecureEntropy());
            out.write(Frames.frame(FrameType.CLIENT_INFO, dev.tabnet.core.derp.ClientInfo.standard("t").seal(priv,
                    dev.tabnet.core.crypto.X25519.publicKey(priv), h.relay.publicKey(), new dev.tabnet.core.crypto.SecureEntropy())));
            out.flush();
            int n = in.read(buf);
            assertTrue(n >= 5, "ServerInfo after ClientInfo on the upgraded connection");
            assertEquals(FrameType.SERVER_INFO, buf[0]);
        }
        java.net.http.HttpResponse<String> plain = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.port() + "/derp")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(426, plain.statusCode());
        assertEquals("DERP requires connection upgrade", plain.body());
        java.net.http.HttpResponse<String> probe = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + h.port() + "/derp/probe")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, probe.statusCode());
        assertEquals("*", probe.headers().firstValue("access-control-allow-origin").orElse(""));
        // A WebSocket without the derp subprotocol is refused.
        java.util.concurrent.CompletableFuture<java.net.http.WebSocket> noSub = java.net.http.HttpClient.newHttpClient()
                .newWebSocketBuilder().buildAsync(java.net.URI.create("ws://127.0.0.1:" + h.port() + "/derp"), new java.net.http.WebSocket.Listener() { });
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> noSub.get(5, TimeUnit.SECONDS));
        assertEquals(400, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void webSocketHandshakeNegotiatesDerpAndRefusesPermessageDeflate() throws Exception {
        harness(new DerpRelayConfig());
        try (Socket s = new Socket("127.0.0.1", h.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /derp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: derp\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "Origin: https://elsewhere.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[4096];
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int n = s.getInputStream().read(buf);
                assertTrue(n > 0);
                head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            String hs = head.substring(0, head.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertTrue(hs.startsWith("http/1.1 101"), hs);
            assertTrue(hs.contains("sec-websocket-protocol: derp"), hs);
            // RFC 6455 §1.3 example key → accept value.
            assertTrue(hs.contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), hs);
            assertFalse(hs.contains("sec-websocket-extensions"), "no permessage-deflate: " + hs);
        }
    }

    @Test
    void loginServerInfoOpensWithTheServerKeyAndPingGetsPong() throws Exception {
        harness(new DerpRelayConfig());
        RawDerpSocket r = h.raw();
        Frame info = r.login();
        assertNotNull(info, "ServerInfo");
        assertArrayEquals(h.relay.publicKey(), r.serverKey);
        ServerInfo si = ServerInfo.open(NaclBox.precompute(r.privateKey, r.serverKey), info.body);
        assertEquals(2, si.version);
        r.send(Frames.ping(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        Frame pong = r.nextOfType(FrameType.PONG, T);
        assertNotNull(pong);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, pong.body);
        // A maximum-size packet to ourselves comes back in WebSocket messages a Go client can read.
        byte[] big = new byte[DerpConstants.MAX_PACKET_SIZE];
        big[big.length - 1] = 5;
        r.send(Frames.sendPacket(r.publicKey, big));
        Frame back = r.nextOfType(FrameType.RECV_PACKET, T);
        assertArrayEquals(Bytes.concat(r.publicKey, big), back.body);
        assertTrue(r.maxMessageBytes <= 32768, "largest relay message " + r.maxMessageBytes);
        // A longer ping (≤ 1000 bytes) is fine; only the first 8 bytes come back.
        r.send(Frames.frame(FrameType.PING, Bytes.concat(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, new byte[100])));
        assertArrayEquals(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, r.nextOfType(FrameType.PONG, T).body);
    }

    /** A client that reads larger WebSocket messages (WebSocketReadLimit) gets a large packet in one. */
    @Test
    void aClientThatAsksForLargerMessagesGetsThemOthersStayAt32KiB() throws Exception {
        harness(new DerpRelayConfig());
        byte[] big = new byte[DerpConstants.MAX_PACKET_SIZE];
        big[big.length - 1] = 7;
        for (String query : new String[] {"?read-limit=262144", "?read-limit=lots", ""}) {
            RawDerpSocket r = h.raw(query);
            assertNotNull(r.login(), "ServerInfo");
            r.send(Frames.sendPacket(r.publicKey, big));
            Frame back = r.nextOfType(FrameType.RECV_PACKET, T);
            assertArrayEquals(Bytes.concat(r.publicKey, big), back.body, query);
            if (query.contains("262144")) {
                assertTrue(r.maxMessageBytes > 32768 && r.maxMessageBytes <= 262144, "one message for the whole frame: " + r.maxMessageBytes);
            } else {
                assertTrue(r.maxMessageBytes <= 32768, query + ": largest relay message " + r.maxMessageBytes);
            }
        }
    }

    @Test
    void keepAlivesArriveOnThePeriod() throws Exception {
        DerpRelayConfig c = new DerpRelayConfig();
        c.keepAliveMillis = 200;
        c.keepAliveJitterMillis = 50;
        harness(c);
        RawDerpSocket r = h.raw();
        assertNotNull(r.login());
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) assertNotNull(r.nextOfType(FrameType.KEEP_ALIVE, Duration.ofSeconds(2)), "keepalive " + i);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 3 * 200 - 50 && ms < 3 * 250 + 1000, "3 keep-alives took " + ms + " ms");
    }

    @Test
    void peerGoneDisconnectedGoesToThoseWhoHeardFromTheDeparted() throws Exception {
        harness(new DerpRelayConfig());
        PacketCollector cb = new PacketCollector(), cc = new PacketCollector();
        RawDerpSocket a = h.raw();
        assertNotNull(a.login());
        DerpClientLoop b = h.client(h.webSocket(), cb);
        DerpClientLoop c = h.client(h.webSocket(), cc);
        assertTrue(b.awaitLogins(1, T) && c.awaitLogins(1, T));
        a.send(Frames.sendPacket(b.publicKey(), new byte[] {1}));
        assertNotNull(cb.next(T));
        a.close();
        assertEquals(Hex.encode(a.publicKey) + " " + DerpConstants.PEER_GONE_REASON_DISCONNECTED, cb.peerGone.poll(10, TimeUnit.SECONDS));
        assertNull(cc.peerGone.poll(500, TimeUnit.MILLISECONDS), "c never heard from a");
        assertFalse(h.relay.isConnected(a.publicKey));
    }

    @Test
    void discoSendsToUnknownKeysGetRateLimitedNotHere() throws Exception {
        harness(new DerpRelayConfig());
        RawDerpSocket a = h.raw();
        assertNotNull(a.login());
        byte[] nobody = new byte[32];
        nobody[0] = 7;
        byte[] disco = Bytes.concat(DiscoConstants.MAGIC, new byte[56 + 20]);
        a.send(Frames.sendPacket(nobody, new byte[100])); // not disco: silently dropped
        for (int i = 0; i < 10; i++) a.send(Frames.sendPacket(nobody, disco));
        int notHere = 0;
        for (Frame f; (f = a.nextOfType(FrameType.PEER_GONE, Duration.ofMillis(700))) != null; ) {
            assertArrayEquals(Frames.peerGone(nobody, DerpConstants.PEER_GONE_REASON_NOT_HERE), Frames.frame(f.type, f.body));
            notHere++;
        }
        assertEquals(3, notHere, "burst of 3, then 1/s");
        assertEquals(11, h.relay.stats().droppedUnknownDestination.get());
    }

    @Test
    void admissionDenialRejectsTheKey() throws Exception {
        harness(new DerpRelayConfig());
        RawDerpSocket denied = h.raw(), allowed = h.raw();
        h.relay.setAdmission(k -> !java.util.Arrays.equals(k, denied.publicKey));
        assertNull(denied.login(), "no ServerInfo for a key the control server does not know");
        String close = denied.awaitClosed(T);
        assertTrue(close.startsWith("1008"), close);
        assertTrue(close.contains("not admitted"), close);
        assertFalse(h.relay.isConnected(denied.publicKey));
        assertNotNull(allowed.login());
        assertTrue(h.relay.isConnected(allowed.publicKey));
        assertEquals(1, h.relay.stats().rejectedByAdmission.get());
        assertTrue(h.relay.recentCloses().stream().anyMatch(s -> s.contains("nodekey:" + Hex.encode(denied.publicKey)) && s.contains("not admitted")),
                h.relay.recentCloses().toString());
    }

    @Test
    void senderDroppedByTheRelayReconnectsAndDeliversWhatItQueued() throws Exception {
        harness(new DerpRelayConfig());
        PacketCollector ca = new PacketCollector(), cb = new PacketCollector();
        DerpClientLoop a = h.client(h.webSocket(), ca);
        DerpClientLoop b = h.client(h.webSocket(), cb);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T));
        assertTrue(h.relay.closeClient(a.publicKey(), "test: simulated relay-side drop"));
        assertNotNull(ca.disconnects.poll(10, TimeUnit.SECONDS), "a noticed");
        for (int i = 0; i < 50; i++) a.send(b.publicKey(), new byte[] {(byte) i});
        assertTrue(a.awaitLogins(2, T), "a logged in again");
        for (int i = 0; i < 50; i++) {
            PacketCollector.Received r = cb.next(T);
            assertNotNull(r, "packet " + i);
            assertEquals(i, r.data[0], "in order, none lost");
        }
        assertTrue(h.relay.recentCloses().stream().anyMatch(x -> x.contains("simulated relay-side drop")));
    }

    @Test
    void aRestartedServerGetsItsClientsBackSoonAfterRestarting() throws Exception {
        byte[] serverKey = dev.tabnet.core.crypto.X25519.generatePrivateKey(new dev.tabnet.core.crypto.SecureEntropy());
        DerpRelayConfig c = new DerpRelayConfig();
        c.restartingReconnectInMillis = 300;
        DerpRelay first = new DerpRelay(serverKey, new dev.tabnet.core.crypto.SecureEntropy(), c);
        dev.tabnet.server.ServerStub stub1 = new dev.tabnet.server.ServerStub(
                dev.tabnet.server.ServerConfig.defaults().port(0), first).start();
        int port = stub1.port();
        PacketCollector ca = new PacketCollector();
        dev.tabnet.core.crypto.SecureEntropy e = new dev.tabnet.core.crypto.SecureEntropy();
        DerpClientLoop a = new DerpClientLoop(dev.tabnet.core.crypto.X25519.generatePrivateKey(e), e,
                new dev.tabnet.core.derp.DerpClientConfig(),
                dev.tabnet.jvm.WebSocketDerpTransport.factory(java.net.URI.create("ws://127.0.0.1:" + port + "/derp")),
                DerpClientLoop.systemClock(), ca).start();
        dev.tabnet.server.ServerStub stub2 = null;
        try {
            assertTrue(a.awaitLogins(1, T));
            stub1.close(); // sends Restarting(300 ms, 30 s) first
            long down = System.nanoTime();
            assertEquals("300 30000", ca.restarting.poll(5, TimeUnit.SECONDS), "Restarting frame before the close");
            Thread.sleep(1000); // a second of outage: without Restarting, backoff would have grown meanwhile
            stub2 = new dev.tabnet.server.ServerStub(dev.tabnet.server.ServerConfig.defaults().port(port),
                    new DerpRelay(serverKey, new dev.tabnet.core.crypto.SecureEntropy(), c)).start();
            long up = System.nanoTime();
            assertTrue(a.awaitLogins(2, T), "client came back");
            long backAfterMs = (System.nanoTime() - up) / 1_000_000;
            System.out.printf("server down %d ms; client logged in again %d ms after it was back%n", (up - down) / 1_000_000, backAfterMs);
            assertTrue(backAfterMs < 1000, "redialled on the Restarting schedule (every 300 ms), took " + backAfterMs + " ms");
            assertEquals(Boolean.TRUE, a.call(() -> a.client().isReady()));
        } finally {
            a.close();
            if (stub2 != null) stub2.close();
        }
    }
}
