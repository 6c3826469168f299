package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Bytes;
import org.junit.jupiter.api.Test;

/** The client state machine on a manual clock against an in-memory server half. */
class DerpClientTest {
    private static final long MS = 1_000_000L;
    private final SeededEntropy entropy = new SeededEntropy(42);
    private final FakeDerpServer server = new FakeDerpServer(entropy);
    private final RecordingListener events = new RecordingListener();
    private final byte[] clientPriv = X25519.generatePrivateKey(entropy);
    private final byte[] peer = X25519.publicKey(X25519.generatePrivateKey(entropy));
    private final DerpClientConfig config = new DerpClientConfig();
    private DerpClient client;
    private long id;

    private DerpClient newClient() {
        client = new DerpClient(clientPriv, entropy, config, events);
        return client;
    }

    /** Dial, open, ServerKey, ClientInfo → ServerInfo. */
    private void connect(long now) throws Exception {
        server.reset();
        id = client.pollDial(now);
        assertTrue(id > 0, "client wants to dial in state " + client.state());
        client.onTransportOpen(id, now);
        client.onTransportData(id, server.serverKeyFrame(), now);
        byte[] serverInfo = server.pump(client);
        client.onTransportData(id, serverInfo, now);
    }

    private void fromServer(byte[] bytes, long now) {
        client.onTransportData(id, bytes, now);
    }

    @Test
    void loginProvesKeyOwnershipAndSendsMagicsockClientInfo() throws Exception {
        newClient();
        connect(0);
        assertEquals(DerpClient.State.READY, client.state());
        assertArrayEquals(X25519.publicKey(clientPriv), server.login.clientKey.bytes(), "server opened the box with the claimed key");
        assertEquals(2, server.login.info.version);
        assertTrue(server.login.info.canAckPings);
        assertEquals("tabnet", server.login.info.appName);
        assertArrayEquals(server.publicKey, client.serverKey());
        assertEquals(FrameType.NOTE_PREFERRED, server.received.get(0).type);
        assertArrayEquals(new byte[] {1}, server.received.get(0).body);
        assertTrue(events.events.contains("connected v2"));
    }

    @Test
    void packetsBothWaysWithSourceKey() throws Exception {
        newClient();
        connect(0);
        assertTrue(client.send(peer, new byte[] {9, 8, 7}, 1));
        server.pump(client);
        Frame f = server.received.get(server.received.size() - 1);
        assertEquals(FrameType.SEND_PACKET, f.type);
        assertArrayEquals(Bytes.concat(peer, new byte[] {9, 8, 7}), f.body);

        fromServer(Frames.recvPacket(peer, new byte[] {1, 2, 3, 4}), 2);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, events.packets.get(0));
        assertEquals(NodeKey.of(peer), events.packetSources.get(0));
        // A RecvPacket shorter than a key is dropped and counted, not fatal.
        fromServer(Frames.frame(FrameType.RECV_PACKET, new byte[5]), 3);
        assertEquals(1, client.droppedShortFrames());
        assertEquals(DerpClient.State.READY, client.state());
    }

    @Test
    void tooBigPacketIsRefused() throws Exception {
        newClient();
        connect(0);
        assertFalse(client.send(peer, new byte[DerpConstants.MAX_PACKET_SIZE + 1], 1));
        assertTrue(client.send(peer, new byte[DerpConstants.MAX_PACKET_SIZE], 1));
        assertEquals(1, client.droppedTooBig());
    }

    @Test
    void peerGoneWithAndWithoutReasonAndPeerPresent() throws Exception {
        newClient();
        connect(0);
        fromServer(Frames.peerGone(peer, DerpConstants.PEER_GONE_REASON_NOT_HERE), 1);
        fromServer(Frames.frame(FrameType.PEER_GONE, peer), 1); // old server: no reason byte
        byte[] present = new byte[32 + 16 + 2 + 1];
        System.arraycopy(peer, 0, present, 0, 32);
        present[32 + 10] = (byte) 0xff;
        present[32 + 11] = (byte) 0xff;
        present[32 + 16] = 0x04;
        present[32 + 17] = (byte) 0xd2;
        present[32 + 18] = DerpConstants.PEER_PRESENT_IS_REGULAR;
        fromServer(Frames.frame(FrameType.PEER_PRESENT, present), 1);
        fromServer(Frames.frame(FrameType.PEER_PRESENT, peer), 1);
        String hex = NodeKey.of(peer).hex();
        assertTrue(events.events.containsAll(java.util.List.of("peergone " + hex + " 1", "peergone " + hex + " 0",
                "peerpresent " + hex + " 1234 1", "peerpresent " + hex + " -1 0")), events.events.toString());
    }

    @Test
    void packetsQueuedWhileDisconnectedGoOutInOrderAfterLogin() throws Exception {
        newClient();
        for (int i = 0; i < 5; i++) assertTrue(client.send(peer, new byte[] {(byte) i}, 0));
        assertEquals(5, client.queuedPackets());
        connect(1);
        int seen = 0;
        for (Frame f : server.received) {
            if (f.type == FrameType.SEND_PACKET) assertEquals(seen++, f.body[32]);
        }
        assertEquals(5, seen);
        assertEquals(0, client.queuedPackets());
    }

    @Test
    void queueIsBoundedAndDropsOldest() throws Exception {
        config.maxQueuedPackets = 3;
        newClient();
        for (int i = 0; i < 10; i++) client.send(peer, new byte[] {(byte) i}, 0);
        assertEquals(7, client.droppedWhileDisconnected());
        connect(1);
        StringBuilder order = new StringBuilder();
        for (Frame f : server.received) if (f.type == FrameType.SEND_PACKET) order.append(f.body[32]);
        assertEquals("789", order.toString());
    }

    @Test
    void unsentPacketsSurviveADroppedConnection() throws Exception {
        newClient();
        connect(0);
        server.pump(client);
        server.received.clear();
        client.send(peer, new byte[] {1}, 1);
        client.send(peer, new byte[] {2}, 1);
        client.onTransportClosed(id, "network changed", 2);
        assertEquals(DerpClient.State.BACKOFF, client.state());
        assertEquals(id, client.pollCloseTransport());
        client.send(peer, new byte[] {3}, 3);
        client.onTimer(client.nextDeadline());
        connect(client.nextDeadline());
        StringBuilder order = new StringBuilder();
        for (Frame f : server.received) if (f.type == FrameType.SEND_PACKET) order.append(f.body[32]);
        assertEquals("123", order.toString());
        assertEquals(2, client.logins());
    }

    /**
     * The client computes the NaCl box key once per server key: a redial to the same relay reuses it,
     * a relay with another key gets its own, and that relay's ClientInfo.open (no cached key) accepts it.
     */
    @Test
    void boxKeyIsReusedForTheSameServerKeyOnly() throws Exception {
        newClient();
        connect(0);
        client.onTransportClosed(id, "gone", 1);
        long now = client.nextDeadline();
        client.onTimer(now);
        connect(now);
        assertEquals(DerpClient.State.READY, client.state());
        assertEquals(2, client.logins());

        FakeDerpServer other = new FakeDerpServer(new SeededEntropy(77));
        client.onTransportClosed(id, "moved", now + 1);
        now = client.nextDeadline();
        client.onTimer(now);
        id = client.pollDial(now);
        client.onTransportOpen(id, now);
        client.onTransportData(id, other.serverKeyFrame(), now);
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        for (byte[] b; (b = client.pollOutgoing()) != null; ) written.write(b);
        FrameReader r = FrameReader.withMaxBody(1 << 16);
        r.feed(written.toByteArray());
        Frame info = r.next();
        assertEquals(FrameType.CLIENT_INFO, info.type);
        assertArrayEquals(X25519.publicKey(clientPriv), ClientInfo.open(other.privateKey, info.body).clientKey.bytes());
        client.onTransportData(id, other.consume(written.toByteArray()), now);
        assertEquals(DerpClient.State.READY, client.state());
        assertArrayEquals(other.publicKey, client.serverKey());
        assertEquals(3, client.logins());
    }

    @Test
    void reconnectBackoffIsJitteredGrowsAndResetsAfterLogin() throws Exception {
        newClient();
        long now = 0;
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            long tid = client.pollDial(now);
            client.onTransportClosed(tid, "refused", now);
            delays[i] = client.nextDeadline() - now;
            assertEquals(DerpClient.State.BACKOFF, client.state());
            client.onTimer(client.nextDeadline() - 1);
            assertEquals(DerpClient.State.BACKOFF, client.state(), "not before the deadline");
            now = client.nextDeadline();
            client.onTimer(now);
            assertEquals(DerpClient.State.DIAL_PENDING, client.state());
        }
        for (int i = 0; i < delays.length; i++) {
            long base = (long) (i + 1) * (i + 1) * 10 * MS;
            assertTrue(delays[i] >= base / 2 && delays[i] < base * 3 / 2, "delay " + i + " = " + delays[i]);
        }
        connect(now);
        client.onTransportClosed(id, "server went away", now);
        long d = client.nextDeadline() - now;
        assertTrue(d >= 5 * MS && d < 15 * MS, "backoff reset after a login: " + d);
    }

    @Test
    void backoffIsCappedAtFiveSeconds() {
        Backoff b = new Backoff(entropy, Backoff.DEFAULT_MAX_NANOS);
        long last = 0;
        for (int i = 0; i < 100; i++) last = b.nextDelayNanos();
        assertTrue(last >= 2_500 * MS && last < 7_500 * MS, "capped delay " + last);
    }

    @Test
    void readTimeoutAndConnectTimeout() throws Exception {
        newClient();
        id = client.pollDial(0);
        client.onTimer(config.connectTimeoutNanos - 1);
        assertEquals(DerpClient.State.DIALING, client.state());
        client.onTimer(config.connectTimeoutNanos);
        assertEquals(DerpClient.State.BACKOFF, client.state());
        assertEquals(id, client.pollCloseTransport());

        client.onTimer(client.nextDeadline());
        long t = client.nextDeadline() == Long.MIN_VALUE ? 20_000 * MS : 0;
        connect(t);
        fromServer(Frames.keepAlive(), t + 60_000 * MS);
        client.onTimer(t + 179_999 * MS);
        assertEquals(DerpClient.State.READY, client.state(), "a KeepAlive resets the read timeout");
        client.onTimer(t + 180_000 * MS);
        assertEquals(DerpClient.State.BACKOFF, client.state());
        assertTrue(client.lastError().contains("120 s"), client.lastError());
    }

    @Test
    void badGreetingOversizedFrameAndBadServerBoxCloseTheConnection() throws Exception {
        newClient();
        id = client.pollDial(0);
        client.onTransportOpen(id, 0);
        byte[] bad = server.serverKeyFrame();
        bad[5] ^= 1; // magic
        fromServer(bad, 0);
        assertEquals(DerpClient.State.BACKOFF, client.state());
        assertTrue(client.lastError().contains("invalid server greeting"), client.lastError());
        assertEquals(id, client.pollCloseTransport());

        client.onTimer(client.nextDeadline());
        id = client.pollDial(client.nextDeadline() == Long.MIN_VALUE ? 1 : 0);
        client.onTransportOpen(id, 1);
        fromServer(server.serverKeyFrame(), 1);
        fromServer(Frames.header(FrameType.RECV_PACKET, (1 << 20) + 1), 1);
        assertTrue(client.lastError().contains("exceeds the limit"), client.lastError());

        client.onTimer(client.nextDeadline());
        id = client.pollDial(2);
        client.onTransportOpen(id, 2);
        fromServer(server.serverKeyFrame(), 2);
        FakeDerpServer impostor = new FakeDerpServer(entropy);
        fromServer(Frames.frame(FrameType.SERVER_INFO, new ServerInfo(2, 0, 0).seal(impostor.privateKey, client.publicKey(), entropy)), 2);
        assertTrue(client.lastError().contains("naclbox"), client.lastError());
    }

    @Test
    void staleTransportEventsAreIgnored() throws Exception {
        newClient();
        connect(0);
        long old = id;
        client.onTransportClosed(old, "x", 1);
        client.onTimer(client.nextDeadline());
        connect(client.nextDeadline());
        client.onTransportClosed(old, "late close of the previous socket", 2);
        client.onTransportData(old, Frames.recvPacket(peer, new byte[] {1}), 2);
        assertEquals(DerpClient.State.READY, client.state());
        assertTrue(events.packets.isEmpty());
    }

    @Test
    void serverRestartingSetsTheNextReconnectDelay() throws Exception {
        newClient();
        connect(0);
        fromServer(Frames.restarting(750, 10_000), 0);
        client.onTransportClosed(id, "server restarting", 100 * MS);
        assertEquals(100 * MS + 750 * MS, client.nextDeadline());
    }

    @Test
    void serverTokenBucketLimitsSends() throws Exception {
        newClient();
        server.reset();
        id = client.pollDial(0);
        client.onTransportOpen(id, 0);
        fromServer(server.serverKeyFrame(), 0);
        server.pump(client);
        // Burst of 2 × (5 + 32 + 100) bytes, refilled at 137 bytes/s.
        fromServer(Frames.frame(FrameType.SERVER_INFO, new ServerInfo(2, 137, 274).seal(server.privateKey, client.publicKey(), entropy)), 0);
        byte[] pkt = new byte[100];
        assertTrue(client.send(peer, pkt, 0));
        assertTrue(client.send(peer, pkt, 0));
        assertFalse(client.send(peer, pkt, 0));
        assertTrue(client.send(peer, pkt, 1_000 * MS));
        assertEquals(1, client.droppedRateLimited());
    }

    @Test
    void pingAndCloseForGood() throws Exception {
        newClient();
        connect(0);
        server.pump(client);
        assertTrue(client.sendPing(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        server.pump(client);
        assertEquals(FrameType.PING, server.received.get(server.received.size() - 1).type);
        fromServer(Frames.pong(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 1);
        assertTrue(events.events.contains("pong 0102030405060708"));
        client.close();
        assertEquals(id, client.pollCloseTransport());
        assertEquals(DerpClient.State.CLOSED, client.state());
        assertFalse(client.send(peer, new byte[1], 2));
        assertEquals(0, client.pollDial(3));
        assertNull(client.pollOutgoing());
    }

    @Test
    void outgoingFramesAreCoalescedIntoChunks() throws Exception {
        config.maxChunkBytes = 1000;
        newClient();
        connect(0);
        server.pump(client);
        for (int i = 0; i < 10; i++) client.send(peer, new byte[200], 1);
        int chunks = 0;
        for (byte[] b; (b = client.pollOutgoing()) != null; chunks++) {
            assertTrue(b.length <= 1000);
            server.consume(b);
        }
        assertEquals(3, chunks, "10 frames of 237 bytes = 2370 bytes: 1000 + 1000 + 370");
        assertEquals(10, server.received.stream().filter(f -> f.type == FrameType.SEND_PACKET).count());
    }

    @Test
    void aMaximumSizePacketIsSplitIntoMessagesOfAtMost32KiB() throws Exception {
        newClient();
        connect(0);
        server.pump(client);
        server.received.clear();
        byte[] big = new byte[DerpConstants.MAX_PACKET_SIZE];
        big[big.length - 1] = 42;
        client.send(peer, big, 1);
        int chunks = 0;
        for (byte[] b; (b = client.pollOutgoing()) != null; chunks++) {
            assertTrue(b.length <= 32768, "chunk of " + b.length);
            server.consume(b);
        }
        assertEquals(3, chunks, "5 + 32 + 65536 bytes");
        assertEquals(1, server.received.size());
        assertEquals(42, server.received.get(0).body[32 + big.length - 1]);
    }

    @Test
    void aHalfWrittenFrameIsNotResentButWholeQueuedPacketsAre() throws Exception {
        newClient();
        connect(0);
        server.pump(client);
        client.send(peer, new byte[40_000], 1);
        client.send(peer, new byte[] {7}, 1);
        assertTrue(client.pollOutgoing().length == 32768, "first part of the big frame written");
        client.onTransportClosed(id, "reset", 2);
        client.onTimer(client.nextDeadline());
        server.received.clear();
        connect(client.nextDeadline() == Long.MIN_VALUE ? 3 : 3);
        server.pump(client);
        long packets = server.received.stream().filter(f -> f.type == FrameType.SEND_PACKET).count();
        assertEquals(1, packets, "only the small packet is resent");
        assertEquals(7, server.received.get(server.received.size() - 1).body[32]);
    }

    @Test
    void aThrowingListenerClosesTheConnectionInsteadOfEscaping() throws Exception {
        client = new DerpClient(clientPriv, entropy, config, (src, data, now) -> {
            throw new IllegalStateException("listener bug");
        });
        connect(0);
        fromServer(Frames.recvPacket(peer, new byte[] {1}), 1);
        assertEquals(DerpClient.State.BACKOFF, client.state());
        assertEquals(1, client.internalErrors());
        assertTrue(client.lastError().contains("listener bug"));
    }
}
