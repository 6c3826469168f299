package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.TwoDevices.IP_A;
import static dev.tabnet.core.wireguard.TwoDevices.IP_B;
import static dev.tabnet.core.wireguard.TwoDevices.count;
import static dev.tabnet.core.wireguard.TwoDevices.ipv4;
import static dev.tabnet.core.wireguard.WireGuardConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two engines back to back with a manual clock: handshakes, timers, rekeying and every drop path. */
class WireGuardDeviceTest {
    private static final long SEC = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static void assertReceived(WireGuardDevice dev, byte[] expected) {
        ReceivedPacket p = dev.pollIpPacket();
        assertNotNull(p, "expected a decrypted packet");
        assertArrayEquals(expected, p.packet);
    }

    /**
     * The responder looks the initiator up as soon as its static key decrypts and only then uses that
     * peer's precomputed DH(s, rs) for the timestamp: a stranger's initiation is an unknown peer even
     * with a forged timestamp, a known peer's forged timestamp fails to decrypt, the original answers.
     */
    @Test
    void initiationPeerIsLookedUpBeforeItsTimestampIsDecrypted() {
        byte[] forged = WireGuardFuzzHarness.INITIATION.clone();
        forged[Messages.INITIATION_NOISE + 32 + 48] ^= 1; // first octet of the encrypted timestamp
        WireGuardFuzzHarness.fixMac1(forged, WireGuardFuzzHarness.B_PUB);

        WireGuardDevice stranger = new WireGuardDevice(WireGuardFuzzHarness.B_PRIV, new SeededEntropy(2), new WireGuardConfig());
        stranger.handleDatagram(forged, 0, forged.length, "A", WireGuardFuzzHarness.NOW);
        assertEquals(1, stranger.dropCount(DropReason.UNKNOWN_PEER), stranger.dropSummary());
        assertEquals(0, stranger.dropCount(DropReason.HANDSHAKE_DECRYPT_FAILED));

        WireGuardDevice b = WireGuardFuzzHarness.responder(new WireGuardConfig());
        b.handleDatagram(forged, 0, forged.length, "A", WireGuardFuzzHarness.NOW);
        assertEquals(1, b.dropCount(DropReason.HANDSHAKE_DECRYPT_FAILED), b.dropSummary());
        assertNull(b.pollDatagram());
        byte[] original = WireGuardFuzzHarness.INITIATION.clone();
        b.handleDatagram(original, 0, original.length, "A", WireGuardFuzzHarness.NOW);
        OutgoingDatagram response = b.pollDatagram();
        assertNotNull(response, b.dropSummary());
        assertArrayEquals(WireGuardFuzzHarness.RESPONSE, response.data);
    }

    @Test
    void idleDeviceHasNoDeadline() {
        TwoDevices t = new TwoDevices();
        assertEquals(Clock.NEVER, t.a.pollTimeout());
        assertNull(t.a.pollDatagram());
    }

    @Test
    void handshakeInitiatedByAThenDataBothWays() {
        TwoDevices t = new TwoDevices();
        byte[] p = ipv4(IP_A, IP_B, 100, 1);
        assertTrue(t.a.sendIpPacket(p, 0, p.length, t.now));
        t.pump();
        assertEquals(MESSAGE_INITIATION_SIZE, t.aToB.get(0).length);
        assertEquals(MESSAGE_RESPONSE_SIZE, t.bToA.get(0).length);
        assertReceived(t.b, p); // the staged packet went out right after the response
        assertEquals(1, t.peerOfA().handshakesCompleted());
        assertEquals(1, t.peerOfB().handshakesCompleted(), "responder confirms on the first data packet");
        assertTrue(t.peerOfA().currentKeypairIsInitiator());
        assertEquals("B", t.peerOfA().endpoint());

        byte[] back = ipv4(IP_B, IP_A, 1300, 2);
        assertTrue(t.b.sendIpPacket(back, 0, back.length, t.now));
        t.pump();
        assertReceived(t.a, back);
        // Padded to a multiple of 16: 1320 bytes of IP -> 1328 plaintext + 32 overhead.
        assertEquals(1328 + 32, t.bToA.get(t.bToA.size() - 1).length);
        assertEquals("", t.a.dropSummary() + t.b.dropSummary());
    }

    @Test
    void handshakeInitiatedByBWithKeepaliveConfirmation() {
        TwoDevices t = new TwoDevices();
        t.b.initiateHandshake(t.aPub, t.now);
        t.pump();
        // After consuming the response, B (the initiator) sends a keepalive so A can confirm the keys.
        assertEquals(MESSAGE_KEEPALIVE_SIZE, t.bToA.get(t.bToA.size() - 1).length);
        assertEquals(1, t.peerOfA().keepalivesReceived());
        assertTrue(t.peerOfA().hasCurrentKeypair());
        assertFalse(t.peerOfA().currentKeypairIsInitiator());
        assertTrue(t.aSends(40, 3));
        t.pump();
        assertNotNull(t.b.pollIpPacket());
    }

    @Test
    void passiveKeepaliveAfterReceivingData() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        assertNotNull(t.b.pollIpPacket());
        int before = t.bToA.size();
        // B received data and has nothing to send: after KEEPALIVE_TIMEOUT it sends a keepalive.
        t.runUntil(t.now + KEEPALIVE_TIMEOUT - MS);
        assertEquals(before, t.bToA.size());
        t.runUntil(t.now + 2 * MS);
        assertEquals(before + 1, t.bToA.size());
        assertEquals(MESSAGE_KEEPALIVE_SIZE, t.bToA.get(before).length);
        assertEquals(1, t.peerOfA().keepalivesReceived());
    }

    @Test
    void rekeyAfterRekeyAfterTimeIsStartedByTheInitiatorWhenSending() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        long handshakeAt = t.now;
        t.runUntil(handshakeAt + REKEY_AFTER_TIME - SEC);
        assertTrue(t.bSends(60, 9)); // the responder never rekeys on time
        t.pump();
        assertTrue(t.aSends(60, 2));
        t.pump();
        assertEquals(1, count(t.aToB, MESSAGE_INITIATION_TYPE));
        t.runUntil(handshakeAt + REKEY_AFTER_TIME + SEC);
        assertTrue(t.bSends(60, 9));
        t.pump();
        assertEquals(0, count(t.bToA, MESSAGE_INITIATION_TYPE), "the responder must not initiate a rekey");
        assertTrue(t.aSends(60, 3));
        t.pump();
        assertEquals(2, count(t.aToB, MESSAGE_INITIATION_TYPE));
        assertEquals(2, t.peerOfA().handshakesCompleted());
        while (t.b.pollIpPacket() != null) { }
        assertTrue(t.aSends(60, 4));
        t.pump();
        assertNotNull(t.b.pollIpPacket(), "data flows on the new keys");
        assertEquals(2, t.peerOfB().handshakesCompleted());
        assertEquals("", t.a.dropSummary() + t.b.dropSummary());
    }

    @Test
    void keysAreRejectedAfterRejectAfterTime() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        long handshakeAt = t.now;
        t.runUntil(handshakeAt + REJECT_AFTER_TIME - SEC);
        // B encrypts with the still-valid key, but the datagram arrives after REJECT_AFTER_TIME.
        t.deliverToA = false;
        assertTrue(t.bSends(60, 5));
        t.pump();
        byte[] late = t.bToA.get(t.bToA.size() - 1);
        t.deliverToA = true;
        t.now = handshakeAt + REJECT_AFTER_TIME + SEC;
        t.a.handleDatagram(late, 0, late.length, "B", t.now);
        assertEquals(1, t.a.dropCount(DropReason.KEY_EXPIRED));
        assertNull(t.a.pollIpPacket());
        // And B no longer encrypts with it: sending now starts a handshake first.
        int sent = t.bToA.size();
        t.deliverToA = false;
        assertTrue(t.bSends(60, 6));
        t.pump();
        assertEquals(MESSAGE_INITIATION_TYPE, t.bToA.get(sent)[0]);
        assertEquals(sent + 1, t.bToA.size(), "no transport datagram with the expired key");
    }

    @Test
    void keyMaterialIsZeroedAfterThreeRejectAfterTimes() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        long handshakeAt = t.now;
        t.runUntil(handshakeAt + 3 * REJECT_AFTER_TIME - SEC);
        assertTrue(t.peerOfA().hasCurrentKeypair());
        t.runUntil(handshakeAt + 3 * REJECT_AFTER_TIME + SEC);
        assertFalse(t.peerOfA().hasCurrentKeypair());
        assertFalse(t.peerOfB().hasCurrentKeypair());
        assertEquals(0, t.a.indexTable.size());
        assertEquals(0, t.b.indexTable.size());
        assertEquals(Clock.NEVER, t.a.pollTimeout());
    }

    @Test
    void replayedAndTamperedTransportIsDropped() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        assertNotNull(t.b.pollIpPacket());
        byte[] data = t.aToB.get(t.aToB.size() - 1);
        t.b.handleDatagram(data, 0, data.length, "A", t.now);
        assertEquals(1, t.b.dropCount(DropReason.REPLAY));
        assertNull(t.b.pollIpPacket());

        t.deliverToB = false;
        t.aSends(60, 2);
        t.pump();
        byte[] fresh = t.aToB.get(t.aToB.size() - 1);
        byte[] tampered = fresh.clone();
        tampered[40] ^= 0x01;
        t.b.handleDatagram(tampered, 0, tampered.length, "A", t.now);
        assertEquals(1, t.b.dropCount(DropReason.DECRYPT_FAILED));
        byte[] wrongIndex = fresh.clone();
        wrongIndex[5] ^= 0x01;
        t.b.handleDatagram(wrongIndex, 0, wrongIndex.length, "A", t.now);
        assertEquals(1, t.b.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX));
        assertNull(t.b.pollIpPacket());
        // The untouched datagram is still accepted: the tampering did not burn its counter.
        t.b.handleDatagram(fresh, 0, fresh.length, "A", t.now);
        assertNotNull(t.b.pollIpPacket());
    }

    @Test
    void malformedDatagramsAreCountedNeverThrown() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        byte[] init = t.aToB.get(0);
        WireGuardDevice b = t.b;
        b.handleDatagram(new byte[0], 0, 0, "A", t.now);
        b.handleDatagram(new byte[] {1, 0}, 0, 2, "A", t.now);
        b.handleDatagram(init, 0, 100, "A", t.now);
        assertEquals(3, b.dropCount(DropReason.TRUNCATED));
        b.handleDatagram(Arrays.copyOf(init, 149), 0, 149, "A", t.now);
        assertEquals(1, b.dropCount(DropReason.BAD_LENGTH));
        byte[] badType = init.clone();
        badType[0] = 9;
        b.handleDatagram(badType, 0, badType.length, "A", t.now);
        badType[0] = 1;
        badType[2] = 1; // reserved bytes must be zero
        b.handleDatagram(badType, 0, badType.length, "A", t.now);
        assertEquals(2, b.dropCount(DropReason.UNKNOWN_TYPE));
        byte[] badMac = init.clone();
        badMac[20] ^= 1;
        b.handleDatagram(badMac, 0, badMac.length, "A", t.now);
        assertEquals(1, b.dropCount(DropReason.BAD_MAC1));
        // A replayed initiation carries an old timestamp.
        t.now += SEC;
        b.handleDatagram(init, 0, init.length, "A", t.now);
        assertEquals(1, b.dropCount(DropReason.HANDSHAKE_REPLAY));
        byte[] resp = t.bToA.get(0);
        t.a.handleDatagram(resp, 0, resp.length, "B", t.now);
        assertEquals(1, t.a.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX), "response to an already finished handshake");
        byte[] shortTransport = new byte[31];
        shortTransport[0] = 4;
        b.handleDatagram(shortTransport, 0, 31, "A", t.now);
        assertEquals(4, b.dropCount(DropReason.TRUNCATED));
        // Random garbage of every length never throws.
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            byte[] g = new byte[r.nextInt(200)];
            for (int j = 0; j < g.length; j++) g[j] = (byte) r.nextInt(256);
            if (g.length > 0) g[0] = (byte) r.nextInt(6);
            if (g.length > 3) g[1] = g[2] = g[3] = 0;
            b.handleDatagram(g, 0, g.length, "A", t.now);
        }
        assertEquals(0, b.dropCount(DropReason.INTERNAL_ERROR));
    }

    @Test
    void sourceAddressMustBelongToTheSendingPeer() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        byte[] spoofed = ipv4(new byte[] {10, 0, 0, 99}, IP_A, 20, 1);
        assertTrue(t.b.sendIpPacket(spoofed, 0, spoofed.length, t.now)); // B routes by destination only
        t.pump();
        assertEquals(1, t.a.dropCount(DropReason.WRONG_SOURCE_IP));
        assertNull(t.a.pollIpPacket());
        byte[] nowhere = ipv4(IP_A, new byte[] {10, 9, 9, 9}, 20, 1);
        assertFalse(t.a.sendIpPacket(nowhere, 0, nowhere.length, t.now));
        assertEquals(1, t.a.dropCount(DropReason.NO_ROUTE));
        assertFalse(t.a.sendIpPacket(new byte[] {0x12, 0, 0}, 0, 3, t.now));
        assertEquals(1, t.a.dropCount(DropReason.INVALID_IP_PACKET));
    }

    @Test
    void cookieReplyUnderLoadThenRetransmitWithMac2() {
        boolean[] underLoad = {true};
        WireGuardConfig cb = new WireGuardConfig();
        cb.loadCondition = now -> underLoad[0];
        TwoDevices t = new TwoDevices(new WireGuardConfig(), cb);
        t.aSends(60, 1);
        t.pump();
        assertEquals(MESSAGE_COOKIE_REPLY_SIZE, t.bToA.get(0).length);
        assertEquals(1, t.b.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT));
        assertEquals(1, t.a.cookieRepliesConsumed());
        byte[] first = t.aToB.get(0);
        assertTrue(isZero(first, Messages.INITIATION_MAC2, 16), "no cookie yet: mac2 is zero");
        assertEquals(0, t.peerOfA().handshakesCompleted());
        // The retransmission (REKEY_TIMEOUT + jitter later) carries mac2 and is accepted although B is still under load.
        t.advance(REKEY_TIMEOUT + REKEY_TIMEOUT_JITTER_MAX_MS * MS);
        byte[] second = t.aToB.get(1);
        assertEquals(MESSAGE_INITIATION_TYPE, second[0]);
        assertFalse(isZero(second, Messages.INITIATION_MAC2, 16));
        assertEquals(1, t.peerOfA().handshakesCompleted());
        assertNotNull(t.b.pollIpPacket());
        assertEquals(1, t.b.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT));
        // A cookie reply nobody asked for (wrong mac1 binding) is rejected.
        byte[] reply = t.bToA.get(0);
        t.a.handleDatagram(reply, 0, reply.length, "B", t.now);
        assertTrue(t.a.dropCount(DropReason.BAD_COOKIE_REPLY) + t.a.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX) == 1);
    }

    @Test
    void builtInLoadDetectionIssuesCookiesWhenFlooded() {
        WireGuardConfig cb = new WireGuardConfig();
        cb.underLoadHandshakesPerSecond = 3;
        TwoDevices t = new TwoDevices(new WireGuardConfig(), cb);
        t.aSends(60, 1);
        t.pump();
        byte[] init = t.aToB.get(0);
        for (int i = 0; i < 5; i++) t.b.handleDatagram(init, 0, init.length, "X", t.now + i * MS);
        assertTrue(t.b.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT) >= 2);
        OutgoingDatagram d;
        int cookies = 0;
        while ((d = t.b.pollDatagram()) != null) if (d.data[0] == MESSAGE_COOKIE_REPLY_TYPE) {
            cookies++;
            assertEquals("X", d.endpoint);
            assertNull(d.peerPublicKey);
        }
        assertEquals(t.b.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT), cookies);
    }

    @Test
    void handshakeRetransmitsWithJitterThenGivesUp() {
        TwoDevices t = new TwoDevices();
        t.deliverToB = false;
        t.aSends(60, 1);
        t.pump();
        List<Long> sentAt = new ArrayList<>();
        sentAt.add(t.now);
        int seen = 1;
        long end = t.now + REKEY_ATTEMPT_TIME + 30 * SEC;
        while (t.now < end) {
            long next = t.a.pollTimeout();
            if (next == Clock.NEVER || next > end) break;
            t.runUntil(next);
            if (t.aToB.size() > seen) {
                sentAt.add(t.now);
                seen = t.aToB.size();
            }
        }
        // 1 initiation + one retransmission per REKEY_TIMEOUT until REKEY_ATTEMPT_TIME is used up.
        assertEquals(1 + MAX_TIMER_HANDSHAKES + 1, count(t.aToB, MESSAGE_INITIATION_TYPE));
        Set<Long> gaps = new HashSet<>();
        for (int i = 1; i < sentAt.size(); i++) {
            long gap = sentAt.get(i) - sentAt.get(i - 1);
            assertTrue(gap >= REKEY_TIMEOUT && gap < REKEY_TIMEOUT + REKEY_TIMEOUT_JITTER_MAX_MS * MS, "gap " + gap);
            gaps.add(gap);
        }
        assertTrue(gaps.size() > 5, "retransmissions are jittered");
        assertEquals(1, t.a.dropCount(DropReason.STAGED_PACKET_DROPPED), "the waiting packet is dropped on give-up");
        assertEquals(0, t.peerOfA().stagedPackets());
    }

    @Test
    void newHandshakeWhenSentDataGetsNoAnswer() {
        TwoDevices t = new TwoDevices();
        t.aSends(60, 1);
        t.pump();
        t.deliverToB = false; // the path dies in both directions
        t.deliverToA = false;
        long sentAt = t.now;
        t.aSends(60, 2);
        t.pump();
        t.runUntil(sentAt + KEEPALIVE_TIMEOUT + REKEY_TIMEOUT + REKEY_TIMEOUT_JITTER_MAX_MS * MS);
        assertEquals(2, count(t.aToB, MESSAGE_INITIATION_TYPE));
    }

    @Test
    void rekeyAfterMessagesStartsAHandshake() {
        WireGuardConfig ca = new WireGuardConfig();
        ca.rekeyAfterMessages = 5;
        TwoDevices t = new TwoDevices(ca, new WireGuardConfig());
        for (int i = 0; i <= 6; i++) {
            t.aSends(60, i);
            t.pump();
            t.advance(SEC);
        }
        // After counter 5 was used the next send exceeded REKEY_AFTER_MESSAGES: a second handshake ran.
        assertEquals(2, count(t.aToB, MESSAGE_INITIATION_TYPE));
        assertEquals(2, t.peerOfA().handshakesCompleted());
        int got = 0;
        while (t.b.pollIpPacket() != null) got++;
        assertEquals(7, got);
        assertEquals("", t.a.dropSummary() + t.b.dropSummary());
    }

    @Test
    void keyIsRetiredAtRejectAfterMessages() {
        WireGuardConfig ca = new WireGuardConfig();
        ca.rejectAfterMessages = 8;
        WireGuardConfig cb = new WireGuardConfig();
        cb.rejectAfterMessages = 8;
        TwoDevices t = new TwoDevices(ca, cb);
        t.aSends(60, 0);
        t.pump();
        for (int i = 1; i < 12; i++) t.aSends(60, i);
        t.pump();
        int got = 0;
        while (t.b.pollIpPacket() != null) got++;
        assertEquals(8, got, "counters 0..7 only");
        assertEquals(4, t.peerOfA().stagedPackets(), "the rest waits for new keys");
        t.advance(REKEY_TIMEOUT);
        t.aSends(60, 12);
        t.pump();
        while (t.b.pollIpPacket() != null) got++;
        assertEquals(13, got);
        assertEquals(2, t.peerOfA().handshakesCompleted());
    }

    @Test
    void datagramsAndPacketsAtAnOffsetInALargerBuffer() {
        TwoDevices t = new TwoDevices();
        t.deliverToB = false;
        byte[] p = ipv4(IP_A, IP_B, 50, 1);
        byte[] framed = new byte[p.length + 13];
        System.arraycopy(p, 0, framed, 7, p.length);
        assertTrue(t.a.sendIpPacket(framed, 7, p.length, t.now));
        t.pump();
        byte[] init = t.aToB.get(0);
        byte[] buf = new byte[init.length + 40];
        System.arraycopy(init, 0, buf, 33, init.length);
        t.b.handleDatagram(buf, 33, init.length, "A", t.now);
        OutgoingDatagram resp = t.b.pollDatagram();
        t.a.handleDatagram(resp.data, 0, resp.data.length, "B", t.now);
        OutgoingDatagram data = t.a.pollDatagram();
        byte[] buf2 = new byte[data.data.length + 5];
        System.arraycopy(data.data, 0, buf2, 5, data.data.length);
        t.b.handleDatagram(buf2, 5, data.data.length, "A", t.now);
        assertReceived(t.b, p);
        assertEquals("", t.a.dropSummary() + t.b.dropSummary());
    }

    @Test
    void simultaneousInitiationsConvergeThroughRetransmission() {
        TwoDevices t = new TwoDevices();
        t.a.initiateHandshake(t.bPub, t.now);
        t.b.initiateHandshake(t.aPub, t.now);
        t.pump();
        // Each side answered the other's initiation and dropped its own pending one, so both
        // responses hit released indices (as in wireguard-go); nobody has confirmed keys yet.
        assertEquals(2, t.a.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX) + t.b.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX));
        t.advance(SEC);
        assertTrue(t.aSends(30, 1));
        assertTrue(t.bSends(30, 2));
        t.pump();
        // The jittered retransmissions no longer collide and the staged packets get through.
        t.advance(REKEY_TIMEOUT + REKEY_TIMEOUT_JITTER_MAX_MS * MS);
        assertNotNull(t.a.pollIpPacket());
        assertNotNull(t.b.pollIpPacket());
    }

    @Test
    void persistentKeepaliveWhenConfigured() {
        WireGuardConfig ca = new WireGuardConfig();
        ca.persistentKeepaliveInterval = 25 * SEC;
        TwoDevices t = new TwoDevices(ca, new WireGuardConfig());
        t.a.initiateHandshake(t.bPub, t.now);
        t.pump();
        long keepalives = t.peerOfA().keepalivesSent();
        t.advance(25 * SEC + MS);
        assertEquals(keepalives + 1, t.peerOfA().keepalivesSent());
        t.advance(25 * SEC);
        assertEquals(keepalives + 2, t.peerOfA().keepalivesSent());
    }

    @Test
    void removingAPeerForgetsItsIndicesAndRoutes() {
        TwoDevices t = new TwoDevices();
        t.aSends(30, 1);
        t.pump();
        assertTrue(t.a.indexTable.size() > 0);
        t.a.removePeer(t.bPub);
        assertEquals(0, t.a.indexTable.size());
        assertFalse(t.aSends(30, 2));
        assertEquals(1, t.a.dropCount(DropReason.NO_ROUTE));
        byte[] last = t.bToA.get(t.bToA.size() - 1);
        t.a.handleDatagram(last, 0, last.length, "B", t.now);
        assertEquals(1, t.a.dropCount(DropReason.UNKNOWN_RECEIVER_INDEX));
    }

    @Test
    void previousKeypairStillDecryptsPacketsInFlightDuringRekey() {
        TwoDevices t = new TwoDevices();
        t.aSends(30, 1);
        t.pump();
        while (t.b.pollIpPacket() != null) { }
        // B encrypts with the first session; the datagram is delayed while A rekeys.
        t.deliverToA = false;
        t.bSends(30, 2);
        t.pump();
        byte[] delayed = t.bToA.get(t.bToA.size() - 1);
        t.deliverToA = true;
        t.advance(REKEY_AFTER_TIME + SEC);
        t.aSends(30, 3);
        t.pump();
        assertEquals(2, t.peerOfA().handshakesCompleted());
        t.a.handleDatagram(delayed, 0, delayed.length, "B", t.now);
        assertReceived(t.a, ipv4(IP_B, IP_A, 30, 2));
        assertEquals("", t.a.dropSummary());
    }

    @Test
    void ipv6PacketsAreRoutedAndSourceChecked() {
        TwoDevices t = new TwoDevices();
        byte[] v6a = new byte[16], v6b = new byte[16];
        v6a[0] = v6b[0] = (byte) 0xfd;
        v6a[15] = 1;
        v6b[15] = 2;
        t.a.addAllowedIp(t.bPub, v6b, 128);
        t.b.addAllowedIp(t.aPub, v6a, 64); // A may use any source in fd00::/64
        byte[] p = new byte[40 + 12];
        p[0] = 0x60;
        p[5] = 12;
        p[6] = 17;
        p[7] = 64;
        System.arraycopy(v6a, 0, p, 8, 16);
        System.arraycopy(v6b, 0, p, 24, 16);
        assertTrue(t.a.sendIpPacket(p, 0, p.length, t.now));
        t.pump();
        assertReceived(t.b, p);
        byte[] spoofed = p.clone();
        spoofed[8] = (byte) 0xfe;
        assertTrue(t.a.sendIpPacket(spoofed, 0, spoofed.length, t.now));
        t.pump();
        assertEquals(1, t.b.dropCount(DropReason.WRONG_SOURCE_IP));
    }

    /**
     * The DERP shape: no endpoints are configured; each datagram goes to the node key in
     * OutgoingDatagram.peerPublicKey, and the receiver passes the sender's node key as endpoint.
     */
    @Test
    void keyAddressedTransportLikeDerp() {
        SeededEntropy keys = new SeededEntropy(9);
        WireGuardDevice a = new WireGuardDevice(X25519.generatePrivateKey(keys), new SeededEntropy(3), null);
        WireGuardDevice b = new WireGuardDevice(X25519.generatePrivateKey(keys), new SeededEntropy(4), null);
        a.addPeer(b.publicKey());
        a.addAllowedIp(b.publicKey(), IP_B, 32);
        b.addPeer(a.publicKey());
        b.addAllowedIp(a.publicKey(), IP_A, 32);
        Map<String, WireGuardDevice> relay = new HashMap<>();
        relay.put(Hex.encode(a.publicKey()), a);
        relay.put(Hex.encode(b.publicKey()), b);
        long now = 5 * SEC;
        byte[] p = ipv4(IP_A, IP_B, 80, 1);
        a.sendIpPacket(p, 0, p.length, now);
        OutgoingDatagram first = a.pollDatagram();
        assertNull(first.endpoint, "no endpoint configured");
        assertArrayEquals(b.publicKey(), first.peerPublicKey);
        b.handleDatagram(first.data, 0, first.data.length, a.publicKey(), now);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (WireGuardDevice from : new WireGuardDevice[] {a, b}) {
                for (OutgoingDatagram d; (d = from.pollDatagram()) != null; moved = true) {
                    relay.get(Hex.encode(d.peerPublicKey)).handleDatagram(d.data, 0, d.data.length, from.publicKey(), now);
                }
            }
        }
        assertReceived(b, p);
        assertArrayEquals(a.publicKey(), (byte[]) b.peer(a.publicKey()).endpoint(), "endpoint learned = sender's node key");
    }

    @Test
    void initiationsFasterThanHandshakeInitiationRateAreDropped() throws Exception {
        TwoDevices t = new TwoDevices();
        t.deliverToB = false;
        long t0 = t.now;
        byte[][] inits = new byte[3][];
        long[] at = {t0, t0 + 18 * MS, t0 + 40 * MS}; // 18 ms: a newer TAI64N bucket (2^24 ns) but < 20 ms
        for (int i = 0; i < 3; i++) {
            // Built directly: the device itself would not send again within REKEY_TIMEOUT.
            inits[i] = Handshake.createInitiation(t.a, t.peerOfA(), at[i]);
            t.peerOfA().cookieGenerator.addMacs(inits[i], Messages.INITIATION_MAC1, at[i]);
        }
        t.b.handleDatagram(inits[0], 0, inits[0].length, "A", at[0]);
        t.b.handleDatagram(inits[1], 0, inits[1].length, "A", at[1]);
        assertEquals(1, t.b.dropCount(DropReason.HANDSHAKE_FLOOD));
        t.b.handleDatagram(inits[2], 0, inits[2].length, "A", at[2]);
        assertEquals(2, t.peerOfB().responsesSent());
        assertEquals(1, t.b.dropCount(DropReason.HANDSHAKE_FLOOD));
    }

    private static boolean isZero(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) if (b[off + i] != 0) return false;
        return true;
    }
}
