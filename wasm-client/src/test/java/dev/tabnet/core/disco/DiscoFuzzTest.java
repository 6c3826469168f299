package dev.tabnet.core.disco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.FuzzInput;
import dev.tabnet.core.testutil.SeededEntropy;
import java.util.Arrays;

/**
 * Disco over DERP: the responder fed arbitrary packets, arbitrary plaintexts sealed by a real peer,
 * and mutated sealed pings. Contract: onDerpPacket never throws (bad packets are counted and yield
 * null); a sealed plaintext is answered exactly when DiscoMessage.parse accepts it, a Ping with a
 * Pong the peer opens and that echoes the TxID; parsed messages survive marshal/parse; and a sealed
 * packet changed anywhere is dropped (the box authenticates every byte, the sender key included).
 *
 * <p>Input layout: byte 0 = mode (0 raw packet, 1 sealed plaintext, 2 mutated sealed Ping: then
 * pairs of 16-bit position and XOR byte, XOR 0 truncating); the rest is the packet or plaintext.
 */
class DiscoFuzzTest {
    private static final SeededEntropy ENTROPY = new SeededEntropy(3);
    private static final DerpDiscoResponder RESPONDER = new DerpDiscoResponder(X25519.generatePrivateKey(ENTROPY), 7, ENTROPY);
    private static final DiscoBox PEER = new DiscoBox(X25519.generatePrivateKey(ENTROPY));
    private static final byte[] PEER_NODE_KEY = new byte[32];
    private static final byte[] TX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @FuzzTest
    void packets(byte[] data) throws Exception {
        FuzzInput in = new FuzzInput(data);
        switch (in.u8() % 3) {
            case 0: {
                byte[] p = in.rest();
                long dropped = RESPONDER.dropped();
                DerpDiscoResponder.Result r = RESPONDER.onDerpPacket(PEER_NODE_KEY, p);
                if (r == null) assertEquals(dropped + 1, RESPONDER.dropped(), "null result not counted");
                break;
            }
            case 1: sealedPlaintext(in.rest()); break;
            default: mutatedPing(in);
        }
    }

    private static void sealedPlaintext(byte[] plain) throws Exception {
        byte[] sealed = PEER.seal(RESPONDER.discoPublicKey(), plain, ENTROPY);
        DerpDiscoResponder.Result r = RESPONDER.onDerpPacket(PEER_NODE_KEY, sealed);
        DiscoMessage m;
        try {
            m = DiscoMessage.parse(plain);
        } catch (DiscoException e) {
            assertNull(r, "answered a plaintext that does not parse");
            return;
        }
        assertNotNull(r, "dropped a valid message: " + RESPONDER.lastDropReason());
        assertEquals(m.type(), r.message.type());
        byte[] wire = m.marshal();
        DiscoMessage again = DiscoMessage.parse(wire);
        assertEquals(m.type(), again.type());
        if (m instanceof DiscoMessage.Ping) {
            assertArrayEquals(((DiscoMessage.Ping) m).txId, ((DiscoMessage.Ping) again).txId);
            assertNotNull(r.reply, "ping not answered");
            DiscoBox.Opened o = PEER.open(r.reply);
            assertArrayEquals(RESPONDER.discoPublicKey(), o.senderDiscoKey);
            DiscoMessage pong = DiscoMessage.parse(o.plaintext);
            assertTrue(pong instanceof DiscoMessage.Pong, "reply is not a pong");
            assertArrayEquals(((DiscoMessage.Ping) m).txId, ((DiscoMessage.Pong) pong).txId, "pong TxID");
        } else {
            // (A Ping whose padding starts with 32 zero bytes re-parses as a keyless ping, as in Go.)
            assertArrayEquals(wire, again.marshal(), "marshal(parse(marshal(m))) != marshal(m)");
            assertNull(r.reply, "replied to a non-ping");
        }
    }

    private static void mutatedPing(FuzzInput in) throws Exception {
        byte[] orig = PEER.seal(RESPONDER.discoPublicKey(), new DiscoMessage.Ping(TX, null, 0).marshal(), ENTROPY);
        byte[] p = orig.clone();
        while (in.remaining() >= 3 && p.length > 0) {
            int pos = in.u16() % p.length;
            int x = in.u8();
            if (x == 0) p = Arrays.copyOf(p, pos);
            else p[pos] ^= (byte) x;
        }
        DerpDiscoResponder.Result r = RESPONDER.onDerpPacket(PEER_NODE_KEY, p);
        if (Arrays.equals(p, orig)) assertNotNull(r, "the unmutated ping was dropped: " + RESPONDER.lastDropReason());
        else assertNull(r, "a mutated sealed ping was accepted");
    }
}
