package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames exactly as Tailscale's own tests publish them (derp_test.go, client_test.go; see
 * vectors/derp_frames.txt): our encoder must produce those bytes and our client must decode them
 * to the same messages, however the stream is split.
 */
class DerpGoldenFramesTest {
    private static final Vectors V = Vectors.load("/vectors/derp_frames.txt");

    @Test
    void magicIsDerpKeyEmojiInUtf8() {
        assertArrayEquals(V.hex("magic"), DerpConstants.MAGIC);
        assertArrayEquals("DERP\uD83D\uDD11".getBytes(StandardCharsets.UTF_8), DerpConstants.MAGIC);
    }

    @Test
    void frameHeadersOfTestWriteFrameHeader() {
        assertArrayEquals(V.hex("header.sendpacket.1024"), Frames.header(FrameType.SEND_PACKET, 1024));
        assertArrayEquals(V.hex("header.keepalive.0"), Frames.header(FrameType.KEEP_ALIVE, 0));
        assertArrayEquals(V.hex("header.keepalive.0"), Frames.keepAlive());
        assertArrayEquals(V.hex("header.recvpacket.maxlen"), Frames.header(FrameType.RECV_PACKET, 0xffffffffL));
    }

    @Test
    void frameHeadersOfTestReadFrameHeader() throws Exception {
        FrameReader r = FrameReader.withMaxBody(1 << 20);
        r.feed(V.hex("header.sendpacket.1024"));
        assertNull(r.next(), "body not there yet");
        r.feed(new byte[1024]);
        Frame f = r.next();
        assertEquals(FrameType.SEND_PACKET, f.type);
        assertEquals(1024, f.body.length);

        r.feed(V.hex("header.keepalive.0"));
        f = r.next();
        assertEquals(FrameType.KEEP_ALIVE, f.type);
        assertEquals(0, f.body.length);

        // Length is an unsigned 32-bit value: 0xffffffff is 4294967295, over any limit.
        r.feed(V.hex("header.recvpacket.maxlen"));
        DerpProtocolException e = assertThrows(DerpProtocolException.class, r::next);
        assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
    }

    @Test
    void testClientSendPingAndPong() {
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(V.hex("send.ping"), Frames.ping(data));
        assertArrayEquals(V.hex("send.pong"), Frames.pong(data));
    }

    @Test
    void testClientRecvEachFrame() throws Exception {
        Logged c = loggedInClient();
        c.feed(V.hex("recv.ping"));
        assertArrayEquals(V.hex("send.pong"), c.client.pollOutgoing(), "a Ping is answered with the TestClientSendPong bytes");
        c.feed(V.hex("recv.pong"));
        c.feed(V.hex("recv.health_bad"));
        c.feed(V.hex("recv.health_ok"));
        c.feed(V.hex("recv.server_restarting"));
        assertEquals(List.of("pong " + dev.tabnet.core.util.Hex.encode(V.hex("recv.pong.want")),
                "health '" + V.text("recv.health_bad.want") + "'", "health ''", "restarting 1 2"), c.events.events);
        assertEquals("", c.client.health());
        assertEquals(DerpClient.State.LOGGED_IN, c.client.state());
    }

    @Test
    void testClientRecvFramesSplitAnywhere() throws Exception {
        byte[] stream = Bytes.concat(V.hex("recv.ping"), V.hex("recv.pong"), V.hex("recv.health_bad"),
                V.hex("recv.health_ok"), V.hex("recv.server_restarting"));
        for (int split = 1; split <= stream.length; split++) {
            Logged c = loggedInClient();
            for (int o = 0; o < stream.length; o += split) c.feed(Bytes.slice(stream, o, Math.min(split, stream.length - o)));
            assertEquals(List.of("pong " + dev.tabnet.core.util.Hex.encode(V.hex("recv.pong.want")), "health '" + V.text("recv.health_bad.want") + "'", "health ''", "restarting 1 2"), c.events.events, "split " + split);
            assertArrayEquals(V.hex("send.pong"), c.client.pollOutgoing());
        }
    }

    @Test
    void testClientInfoUnmarshal() throws Exception {
        ClientInfo empty = ClientInfo.parseJson(V.text("clientinfo.empty"));
        assertEquals(0, empty.version);
        assertNull(empty.meshKey);
        for (String name : new String[] {"clientinfo.valid", "clientinfo.validLowerMeshKey"}) {
            ClientInfo ci = ClientInfo.parseJson(V.text(name));
            assertEquals(5, ci.version, name);
            assertArrayEquals(V.hex("clientinfo.meshkey"), ci.meshKey, name);
        }
        for (String name : new String[] {"clientinfo.invalidMeshKeyToShort", "clientinfo.invalidMeshKeyToLong"}) {
            DerpProtocolException e = assertThrows(DerpProtocolException.class, () -> ClientInfo.parseJson(V.text(name)));
            assertTrue(e.getMessage().contains("invalid mesh key"), name + ": " + e.getMessage());
        }
    }

    @Test
    void loginJsonAsGoMarshalsIt() throws Exception {
        assertEquals(V.text("clientinfo.magicsock"), ClientInfo.standard("").toJson());
        assertEquals(V.text("serverinfo.standard"), new ServerInfo(2, 0, 0).toJson());
        ClientInfo withApp = ClientInfo.standard("tab\"net");
        assertEquals("{\"version\":2,\"CanAckPings\":true,\"AppName\":\"tab\\\"net\"}", withApp.toJson());
        assertEquals("tab\"net", ClientInfo.parseJson(withApp.toJson()).appName);
        // As Go's decoder: a string where an int belongs, or not an object at all, is an error.
        assertThrows(DerpProtocolException.class, () -> ClientInfo.parseJson("{\"version\":\"2\"}"));
        assertThrows(DerpProtocolException.class, () -> ClientInfo.parseJson("[2]"));
        assertEquals(7, ServerInfo.parseJson("{\"Version\":7,\"extra\":{\"a\":[1,2]}}").version, "unknown members ignored");
    }

    @Test
    void loginBoxesHaveTheGolangNaclBoxLayout() throws Exception {
        // golang.org/x/crypto nacl/box TestBox: box = Seal(03*64, nonce 04*24, pub(01*32), priv 02*32),
        // tag first. As a ClientInfo body (client key ‖ nonce ‖ box) the server (priv 01*32) must open
        // it; its plaintext (0x03 bytes) is then rejected as JSON, not as a bad box.
        Vectors nacl = Vectors.load("/vectors/primitives.txt");
        byte[] priv1 = new byte[32], priv2 = new byte[32], nonce = new byte[24];
        java.util.Arrays.fill(priv1, (byte) 1);
        java.util.Arrays.fill(priv2, (byte) 2);
        java.util.Arrays.fill(nonce, (byte) 4);
        byte[] pub2 = dev.tabnet.core.crypto.X25519.publicKey(priv2);
        byte[] body = Bytes.concat(pub2, nonce, nacl.hex("naclbox.box"));
        DerpProtocolException e = assertThrows(DerpProtocolException.class, () -> ClientInfo.open(priv1, body));
        assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
        body[body.length - 1] ^= 1;
        e = assertThrows(DerpProtocolException.class, () -> ClientInfo.open(priv1, body));
        assertTrue(e.getMessage().contains("does not open"), e.getMessage());
        // ServerInfo body = nonce ‖ box, opened by the client with its key and the server's.
        byte[] shared = dev.tabnet.core.crypto.NaclBox.precompute(priv1, pub2);
        e = assertThrows(DerpProtocolException.class, () -> ServerInfo.open(shared, Bytes.concat(nonce, nacl.hex("naclbox.box"))));
        assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
    }

    /** A DerpClient that has received ServerKey and sent ClientInfo (+ NotePreferred), output drained. */
    private static Logged loggedInClient() throws Exception {
        SeededEntropy entropy = new SeededEntropy(7);
        FakeDerpServer server = new FakeDerpServer(entropy);
        Logged l = new Logged();
        l.client = new DerpClient(dev.tabnet.core.crypto.X25519.generatePrivateKey(entropy), entropy, new DerpClientConfig(), l.events);
        l.id = l.client.pollDial(0);
        l.client.onTransportOpen(l.id, 0);
        l.client.onTransportData(l.id, server.serverKeyFrame(), 0);
        assertNotNull(l.client.pollOutgoing(), "ClientInfo");
        assertNull(l.client.pollOutgoing());
        return l;
    }

    private static final class Logged {
        DerpClient client;
        long id;
        final RecordingListener events = new RecordingListener();

        void feed(byte[] b) {
            client.onTransportData(id, b, 0);
        }
    }
}
