package dev.tabnet.core.wireguard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.testutil.FuzzInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Valid recorded WireGuard messages, mutated, delivered to a device in exactly the state that accepts
 * the originals: the responder (initiation, then A's transport messages) or the initiator (response,
 * B's transport messages, the cookie reply). Beyond {@link WireGuardFuzzHarness.Checked}'s contract,
 * authentication must hold: a bit flipped anywhere must never deliver a packet nobody sent, and
 * mac1 recomputed by the fuzzer still cannot forge the Noise payload.
 *
 * <p>Input layout: byte 0 = options (bit 0: initiator side, bit 1: recompute mac1 after mutating);
 * then operations: one byte (bits 0-2: message 0..3 of that side's list or 4+ = arbitrary 16-bit-length
 * datagram; bit 3: advance the clock first by a 16-bit millisecond count; bits 4-7: number of
 * mutations), then per mutation a 16-bit position and an XOR byte (XOR 0 truncates there).
 */
class WireGuardMessageFuzzTest {

    @FuzzTest
    void mutatedMessages(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        boolean initiatorSide = (options & 1) != 0;
        List<byte[]> messages = messages(initiatorSide);
        WireGuardFuzzHarness.Checked dev = new WireGuardFuzzHarness.Checked(
                initiatorSide ? WireGuardFuzzHarness.initiator() : WireGuardFuzzHarness.responder(new WireGuardConfig()));
        byte[] receiverPub = initiatorSide ? WireGuardFuzzHarness.A_PUB : WireGuardFuzzHarness.B_PUB;
        for (int n = 0; in.more() && n < 200; n++) {
            int op = in.u8();
            if ((op & 8) != 0) dev.advance(in.u16() * 1_000_000L);
            int which = op & 7;
            byte[] d = which < messages.size() ? messages.get(which).clone() : in.bytes(in.u16());
            for (int m = op >>> 4; m > 0 && d.length > 0; m--) {
                int pos = in.u16() % d.length;
                int x = in.u8();
                if (x == 0) d = java.util.Arrays.copyOf(d, pos);
                else d[pos] ^= (byte) x;
            }
            if ((options & 2) != 0) WireGuardFuzzHarness.fixMac1(d, receiverPub);
            dev.deliver(d, initiatorSide ? "B" : "A");
        }
    }

    static List<byte[]> messages(boolean initiatorSide) {
        return initiatorSide
                ? List.of(WireGuardFuzzHarness.RESPONSE, WireGuardFuzzHarness.B_TO_A_TRANSPORT.get(0),
                        WireGuardFuzzHarness.B_TO_A_TRANSPORT.get(1), WireGuardFuzzHarness.COOKIE_REPLY)
                : List.of(WireGuardFuzzHarness.INITIATION, WireGuardFuzzHarness.A_TO_B_TRANSPORT.get(0),
                        WireGuardFuzzHarness.A_TO_B_TRANSPORT.get(1), WireGuardFuzzHarness.INITIATION);
    }

    /** The replayed states are real: unmutated recordings deliver the recorded packets (so the target is not vacuous). */
    @Test
    void unmutatedRecordingsDeliverThePackets() {
        WireGuardFuzzHarness.Checked b = new WireGuardFuzzHarness.Checked(WireGuardFuzzHarness.responder(new WireGuardConfig()));
        for (byte[] m : messages(false).subList(0, 3)) b.deliver(m.clone(), "A");
        assertEquals(2, b.delivered.size(), b.device.dropSummary());
        assertArrayEquals(WireGuardFuzzHarness.FIRST_PACKET_A, b.delivered.get(0));
        assertArrayEquals(WireGuardFuzzHarness.SENT_PACKETS.get(1), b.delivered.get(1));

        WireGuardFuzzHarness.Checked a = new WireGuardFuzzHarness.Checked(WireGuardFuzzHarness.initiator());
        for (byte[] m : messages(true).subList(0, 3)) a.deliver(m.clone(), "B");
        assertEquals(2, a.delivered.size(), a.device.dropSummary());
        assertTrue(a.device.peer(WireGuardFuzzHarness.B_PUB).hasCurrentKeypair());
    }
}
