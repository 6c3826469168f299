package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.jvm.DerpClientLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of bad input closes only the offending connection, with a clear logged reason, while a
 * pair of well-behaved clients keeps exchanging packets in order through the same relay.
 */
class DerpRelayMalformedTest {
    private static final Duration T = Duration.ofSeconds(10);
    private RelayHarness h;
    private DerpClientLoop a, b;
    private final PacketCollector cb = new PacketCollector();
    private Thread traffic;
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile int sent;

    @BeforeEach
    void startPair() throws Exception {
        DerpRelayConfig c = new DerpRelayConfig();
        c.acceptTimeoutMillis = 500;
        h = new RelayHarness(c);
        a = h.client(h.webSocket(), new PacketCollector());
        b = h.client(h.webSocket(), cb);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T));
        traffic = new Thread(() -> {
            while (!stop.get()) {
                a.send(b.publicKey(), Bytes.concat(new byte[] {1}, intBytes(sent++)));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        traffic.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        stop.set(true);
        traffic.join();
        h.close();
    }

    private static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        Bytes.put32be(b, 0, v);
        return b;
    }

    /** The pair's stream is complete and in order up to what was sent, and both are still connected. */
    private void assertPairUnharmed() throws Exception {
        while (sent < 100) Thread.sleep(10); // let the pair run a little after the last attack
        stop.set(true);
        traffic.join();
        int expected = sent;
        for (int i = 0; i < expected; i++) {
            PacketCollector.Received r = cb.packets.poll(T.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(r, "packet " + i + " of " + expected);
            assertEquals(i, Bytes.i32be(r.data, 1), "in order");
        }
        assertTrue(h.relay.isConnected(a.publicKey()) && h.relay.isConnected(b.publicKey()));
        assertTrue(cb.disconnects.isEmpty(), "b was never disconnected: " + cb.disconnects);
        assertTrue(expected > 50, "traffic flowed during the test: " + expected);
    }

    /** The raw socket was closed with policy violation and the relay logged a reason containing why. */
    private void assertClosedFor(RawDerpSocket r, String why) throws Exception {
        String close = r.awaitClosed(T);
        assertTrue(close.startsWith("1008") || close.startsWith("1003"), "close: " + close);
        assertTrue(h.relay.recentCloses().stream().anyMatch(s -> s.contains(why)), "reason '" + why + "' in " + h.relay.recentCloses());
    }

    private byte[] clientInfoBody(RawDerpSocket r, byte[] json) throws Exception {
        byte[] nonce = new SecureEntropy().bytes(24);
        byte[] box = NaclBox.seal(NaclBox.precompute(r.privateKey, h.relay.publicKey()), nonce, json);
        return Bytes.concat(r.publicKey, nonce, box);
    }

    @Test
    void badLoginsAreClosedAlone() throws Exception {
        RawDerpSocket notFirst = h.raw();
        notFirst.send(Frames.ping(new byte[8]));
        assertClosedFor(notFirst, "first frame must be ClientInfo, got Ping");

        RawDerpSocket tampered = h.raw();
        byte[] body = ClientInfo.standard("x").seal(tampered.privateKey, tampered.publicKey, h.relay.publicKey(), new SecureEntropy());
        body[body.length - 1] ^= 1;
        tampered.send(Frames.frame(FrameType.CLIENT_INFO, body));
        assertClosedFor(tampered, "does not open with the claimed key");

        RawDerpSocket impostor = h.raw(), victim = h.raw();
        byte[] stolen = ClientInfo.standard("x").seal(impostor.privateKey, impostor.publicKey, h.relay.publicKey(), new SecureEntropy());
        System.arraycopy(victim.publicKey, 0, stolen, 0, 32); // claim someone else's key
        impostor.send(Frames.frame(FrameType.CLIENT_INFO, stolen));
        assertClosedFor(impostor, "does not open with the claimed key");

        RawDerpSocket tooLong = h.raw();
        tooLong.send(Frames.header(FrameType.CLIENT_INFO, DerpConstants.CLIENT_INFO_MAX_LEN + 1));
        assertClosedFor(tooLong, "ClientInfo frame of 262145 bytes exceeds the limit");

        RawDerpSocket tooShort = h.raw();
        tooShort.send(Frames.frame(FrameType.CLIENT_INFO, new byte[55]));
        assertClosedFor(tooShort, "short client info");

        RawDerpSocket badJson = h.raw();
        badJson.send(Frames.frame(FrameType.CLIENT_INFO, clientInfoBody(badJson, "{\"version\":2,".getBytes(StandardCharsets.UTF_8))));
        assertClosedFor(badJson, "invalid JSON");

        RawDerpSocket silent = h.raw();
        assertClosedFor(silent, "no ClientInfo within 500 ms");

        RawDerpSocket text = h.raw();
        text.sendText("hello");
        assertClosedFor(text, "text WebSocket message");

        assertPairUnharmed();
        assertEquals(2, h.relay.clientCount());
    }

    @Test
    void badFramesAfterLoginAreClosedAlone() throws Exception {
        String[][] cases = {
            {"oversized SendPacket", "SendPacket frame of 65569 bytes exceeds the limit"},
            {"short SendPacket", "short send packet frame"},
            {"NotePreferred of 2 bytes", "frameNotePreferred wrong size"},
            {"short Ping", "short ping"},
            {"huge Ping", "Ping frame of 1001 bytes exceeds the limit"},
            {"WatchConns", "WatchConns: insufficient permissions"},
            {"ForwardPacket", "ForwardPacket: insufficient permissions"},
            {"oversized unknown frame", "unknown(0x7f) frame of 70000 bytes exceeds the limit"},
        };
        byte[][] frames = {
            Frames.header(FrameType.SEND_PACKET, DerpConstants.KEY_LEN + DerpConstants.MAX_PACKET_SIZE + 1),
            Frames.frame(FrameType.SEND_PACKET, new byte[10]),
            Frames.frame(FrameType.NOTE_PREFERRED, new byte[2]),
            Frames.frame(FrameType.PING, new byte[4]),
            Frames.header(FrameType.PING, 1001),
            Frames.header(FrameType.WATCH_CONNS, 0),
            Frames.frame(FrameType.FORWARD_PACKET, new byte[70]),
            Frames.header(0x7f, 70000),
        };
        for (int i = 0; i < cases.length; i++) {
            RawDerpSocket r = h.raw();
            assertNotNull(r.login(), cases[i][0]);
            // An unknown small frame is skipped, not fatal.
            r.send(Frames.frame(0x7e, new byte[3]));
            r.send(frames[i]);
            assertClosedFor(r, cases[i][1]);
        }
        assertPairUnharmed();
        assertEquals(2, h.relay.clientCount());
        assertTrue(h.relay.stats().protocolErrors.get() >= cases.length);
    }
}
