package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.jvm.DerpClientLoop;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse of the relay beyond single malformed frames (DerpRelayMalformedTest): a crowd of
 * impostors claiming a connected node's key, WebSocket messages over the size limit, and bad
 * logins over the HTTP Upgrade: DERP transport. The victim stays registered and keeps receiving.
 */
class DerpAbuseTest {
    private static final Duration T = Duration.ofSeconds(10);
    private RelayHarness h;
    private DerpClientLoop a, b;
    private final PacketCollector atB = new PacketCollector();

    @BeforeEach
    void start() throws Exception {
        h = new RelayHarness(new DerpRelayConfig());
        a = h.client(h.webSocket(), new PacketCollector());
        b = h.client(h.webSocket(), atB);
        assertTrue(a.awaitLogins(1, T) && b.awaitLogins(1, T));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** a → b still works, b was never disconnected, and only the pair is registered. */
    private void assertVictimUnharmed() throws Exception {
        for (int i = 0; i < 20; i++) a.send(b.publicKey(), new byte[] {9, (byte) i});
        for (int i = 0; i < 20; i++) {
            PacketCollector.Received r = atB.packets.poll(T.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(r != null && r.data[0] == 9, "packet " + i + " reached b");
        }
        assertTrue(atB.disconnects.isEmpty(), "b was never disconnected: " + atB.disconnects);
        assertTrue(h.relay.isConnected(b.publicKey()));
        // A closed attacker is unregistered on the relay's side of the close, which can come a
        // moment after the attacker saw its socket close.
        long deadline = System.nanoTime() + T.toNanos();
        while (h.relay.clientCount() > 2 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(2, h.relay.clientCount());
    }

    @Test
    void impostorsClaimingAConnectedNodesKeyAreClosedAndNeverDisplaceIt() throws Exception {
        List<RawDerpSocket> impostors = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RawDerpSocket r = h.raw();
            impostors.add(r);
            // Sealed with the impostor's own key, but claiming b's key: the relay cannot open it with b's.
            byte[] body = ClientInfo.standard("impostor").seal(r.privateKey, r.publicKey, h.relay.publicKey(), new SecureEntropy());
            System.arraycopy(b.publicKey(), 0, body, 0, 32);
            r.send(Frames.frame(FrameType.CLIENT_INFO, body));
        }
        for (RawDerpSocket r : impostors) {
            String close = r.awaitClosed(T);
            assertTrue(close.startsWith("1008"), "impostor closed with policy violation: " + close);
        }
        assertEquals(2, h.relay.stats().clientsRegistered.get(), "no impostor ever registered");
        assertTrue(h.relay.recentCloses().stream().filter(c -> c.contains("does not open with the claimed key")).count() >= 30,
                h.relay.recentCloses().toString());
        assertVictimUnharmed();
    }

    @Test
    void aWebSocketMessageOverTheLimitClosesOnlyThatConnection() throws Exception {
        RawDerpSocket big = h.raw();
        big.login();
        try {
            big.send(new byte[(int) DerpWebSocket.MAX_MESSAGE + 1]);
        } catch (Exception closedWhileSending) {
            // the relay may close before the whole message is written
        }
        String close = big.awaitClosed(T);
        assertTrue(close.startsWith("1009") || close.startsWith("error"), "closed as message too big: " + close);
        assertVictimUnharmed();
    }

    @Test
    void badLoginsOverHttpUpgradeAreClosed() throws Exception {
        long errors = h.relay.stats().protocolErrors.get();
        // An oversized ClientInfo header, then an impostor's ClientInfo, each on a raw Upgrade: DERP stream.
        byte[][] attacks = {
            Frames.header(FrameType.CLIENT_INFO, DerpConstants.CLIENT_INFO_MAX_LEN + 1),
            impostorInfo(b.publicKey()),
            Frames.header(FrameType.SEND_PACKET, 1 << 30),
        };
        for (byte[] attack : attacks) {
            try (Socket s = new Socket("127.0.0.1", h.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /derp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: DERP\r\nConnection: Upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                out.write(attack);
                out.flush();
                long t0 = System.nanoTime();
                while (in.read(new byte[4096]) >= 0) {
                    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "closed");
                }
            }
        }
        assertTrue(h.relay.stats().protocolErrors.get() >= errors + attacks.length, "each counted as a protocol error");
        assertTrue(h.relay.recentCloses().stream().anyMatch(c -> c.contains("exceeds the limit")), h.relay.recentCloses().toString());
        assertTrue(h.relay.recentCloses().stream().anyMatch(c -> c.contains("does not open with the claimed key")), h.relay.recentCloses().toString());
        assertVictimUnharmed();
    }

    private byte[] impostorInfo(byte[] claimed) throws Exception {
        SecureEntropy e = new SecureEntropy();
        byte[] priv = dev.tabnet.core.crypto.X25519.generatePrivateKey(e);
        byte[] body = ClientInfo.standard("impostor").seal(priv, dev.tabnet.core.crypto.X25519.publicKey(priv), h.relay.publicKey(), e);
        System.arraycopy(claimed, 0, body, 0, 32);
        return Frames.frame(FrameType.CLIENT_INFO, body);
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (sb.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) break;
            sb.append((char) c);
        }
        return sb.toString();
    }
}
