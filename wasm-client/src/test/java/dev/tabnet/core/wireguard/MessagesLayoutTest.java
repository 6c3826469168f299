package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tabnet.core.crypto.Blake2s;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The wire layout of every message as the WireGuard paper §5.4 tabulates it (protocols.md §2.3). */
class MessagesLayoutTest {
    private static void assertHeader(byte[] m, int type) {
        assertEquals(type, m[0]);
        assertEquals(0, m[1] | m[2] | m[3], "reserved bytes");
    }

    @Test
    void handshakeAndTransportLayouts() {
        TwoDevices t = new TwoDevices();
        t.aSends(33, 1); // 53-byte IP packet -> padded to 64
        t.pump();
        byte[] init = t.aToB.get(0), resp = t.bToA.get(0), data = t.aToB.get(1);
        assertEquals(148, init.length);
        assertHeader(init, MESSAGE_INITIATION_TYPE);
        assertEquals(92, resp.length);
        assertHeader(resp, MESSAGE_RESPONSE_TYPE);
        // The response names the initiator's sender index as its receiver index.
        assertEquals(Bytes.i32le(init, 4), Bytes.i32le(resp, 8));
        // mac1 = MAC(HASH("mac1----" || receiver static), message up to mac1), keyed BLAKE2s-128.
        byte[] mac1KeyB = Blake2s.hash(WG_LABEL_MAC1.getBytes(StandardCharsets.US_ASCII), t.bPub);
        assertArrayEquals(Blake2s.mac(mac1KeyB, 16, init, 0, 116), Bytes.slice(init, 116, 16));
        byte[] mac1KeyA = Blake2s.hash(WG_LABEL_MAC1.getBytes(StandardCharsets.US_ASCII), t.aPub);
        assertArrayEquals(Blake2s.mac(mac1KeyA, 16, resp, 0, 60), Bytes.slice(resp, 60, 16));
        assertArrayEquals(new byte[16], Bytes.slice(init, 132, 16), "no cookie: mac2 zero");
        // Transport: receiver = responder's sender index, 64-bit LE counter from 0, padded plaintext + tag.
        assertHeader(data, MESSAGE_TRANSPORT_TYPE);
        assertEquals(Bytes.i32le(resp, 4), Bytes.i32le(data, 4));
        assertEquals(0L, Bytes.i64le(data, 8));
        assertEquals(16 + 64 + 16, data.length);
        t.aSends(10, 2);
        t.pump();
        assertEquals(1L, Bytes.i64le(t.aToB.get(2), 8));
        // B's keepalive after KEEPALIVE_TIMEOUT: 32 bytes, B's own counter.
        t.advance(KEEPALIVE_TIMEOUT + 1);
        byte[] keepalive = t.bToA.get(1);
        assertEquals(32, keepalive.length);
        assertEquals(Bytes.i32le(init, 4), Bytes.i32le(keepalive, 4));
    }

    @Test
    void cookieReplyLayout() {
        WireGuardConfig cb = new WireGuardConfig();
        cb.loadCondition = now -> true;
        TwoDevices t = new TwoDevices(new WireGuardConfig(), cb);
        t.aSends(20, 1);
        t.pump();
        byte[] init = t.aToB.get(0), cookie = t.bToA.get(0);
        assertEquals(64, cookie.length);
        assertHeader(cookie, MESSAGE_COOKIE_REPLY_TYPE);
        assertEquals(Bytes.i32le(init, 4), Bytes.i32le(cookie, 4), "addressed to the initiation's sender index");
        assertFalse(Bytes.isZero(Bytes.slice(cookie, 8, 24)), "random nonce");
    }

    @Test
    void paddingFollowsWireguardGo() {
        assertEquals(0, WireGuardPeer.paddingSize(0, 1420));
        assertEquals(15, WireGuardPeer.paddingSize(1, 1420));
        assertEquals(0, WireGuardPeer.paddingSize(1408, 1420));
        assertEquals(0, WireGuardPeer.paddingSize(1420, 1420), "never past the MTU");
        assertEquals(3, WireGuardPeer.paddingSize(1417, 1420));
        assertEquals(12, WireGuardPeer.paddingSize(1268, 1280));
    }
}
