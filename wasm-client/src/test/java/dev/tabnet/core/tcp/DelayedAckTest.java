package dev.tabnet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Delayed ACKs (RFC 9293 3.8.6.3, RFC 5681 4.2): in-order data is ACKed every second segment, a
 * single segment once the input it came with has been handled, and anything out of order at once.
 */
class DelayedAckTest {
    private static final int MSS = 1000;

    private static TcpSegment data(ScriptedPeer p, TcpSocket s, int offset, int length) {
        TcpSegment d = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq + offset, p.ourIss + 1, 65535);
        d.payload = ScriptedPeer.bytes(length, offset);
        d.payloadLength = length;
        return d;
    }

    private static TcpSocket connected(ScriptedPeer p) {
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), MSS, 0, true, false, 65535);
        p.sent(); // the handshake's ACK
        return s;
    }

    @Test
    void twoInOrderSegmentsShareOneAck() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = connected(p);
        p.injectOnly(data(p, s, 0, MSS));
        assertTrue(p.sent().isEmpty(), "the first segment's ACK waits for the rest of the batch");
        p.injectOnly(data(p, s, MSS, MSS));
        TcpSegment ack = p.single();
        assertEquals(p.peerSeq + 2 * MSS, ack.ack);
        p.advanceTo(p.now);
        assertTrue(p.sent().isEmpty(), "nothing left to acknowledge");
    }

    @Test
    void aLoneSegmentIsAckedWhenTheBatchIsDone() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = connected(p);
        p.injectOnly(data(p, s, 0, 10));
        assertTrue(p.sent().isEmpty());
        assertEquals(p.now, s.deadline(), "due at once: the next advance sends it");
        p.advanceTo(p.now);
        assertEquals(p.peerSeq + 10, p.single().ack);
    }

    @Test
    void outOfOrderDataAndTheSegmentFillingTheHoleAreAckedAtOnce() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = connected(p);
        p.injectOnly(data(p, s, MSS, MSS)); // the first segment was lost
        TcpSegment dup = p.single();
        assertEquals(p.peerSeq, dup.ack, "duplicate ACK for fast retransmit");
        assertEquals(2, dup.sackBlocks.length, "with the SACK block of what arrived");
        p.injectOnly(data(p, s, 0, MSS));
        List<TcpSegment> out = p.sent();
        assertEquals(1, out.size());
        assertEquals(p.peerSeq + 2 * MSS, out.get(0).ack);
    }

    @Test
    void dataWeSendCarriesThePendingAck() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = connected(p);
        p.injectOnly(data(p, s, 0, 10));
        byte[] reply = ScriptedPeer.bytes(5, 3);
        s.write(reply, 0, reply.length);
        TcpSegment sent = p.single();
        assertEquals(5, sent.payloadLength);
        assertEquals(p.peerSeq + 10, sent.ack);
        p.advanceTo(p.now);
        assertTrue(p.sent().isEmpty(), "no separate ACK after the piggybacked one");
    }
}
