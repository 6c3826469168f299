package dev.tabnet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Segment-level regressions for bugs the Linux kernel exposed through the wireguard-go tunnel
 * (tests module, KernelTcpInteropTest). Each test names the kernel behaviour it reproduces.
 */
class KernelFindingsTest {

    /**
     * Half-close while the peer keeps sending (kernel echo server): after our FIN, every ACK must
     * carry SEQ = FIN + 1. Linux treats a bare ACK at the FIN's own sequence number as out of window
     * (below RCV.NXT), answers it with a duplicate ACK and ignores the acknowledgment in it, so its
     * retransmission timer backs off forever and the echo stalls.
     */
    @Test
    void acksAfterOurFinUseTheSequenceNumberAfterTheFin() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1380, 0, true, false, 65535);
        p.sent();
        byte[] d = ScriptedPeer.bytes(300, 4);
        assertEquals(300, s.write(d, 0, d.length));
        s.shutdownOutput();
        java.util.List<TcpSegment> out = p.sent();
        TcpSegment fin = out.get(out.size() - 1);
        assertTrue(fin.has(TcpSegment.FIN));
        assertEquals(p.ourIss + 1 + 300, fin.seq);

        // The peer's data arrives before it has acknowledged our FIN...
        TcpSegment data = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1 + 300, 65535);
        data.payload = ScriptedPeer.bytes(1000, 5);
        data.payloadLength = 1000;
        p.inject(data);
        TcpSegment ack = p.single();
        assertEquals(p.peerSeq + 1000, ack.ack);
        assertEquals(fin.seq + 1, ack.seq, "ACK after our FIN is at FIN+1");
        p.peerSeq += 1000;

        // ...and after (FIN_WAIT_2): still FIN+1.
        data = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, fin.seq + 1, 65535);
        data.payload = ScriptedPeer.bytes(1000, 6);
        data.payloadLength = 1000;
        p.inject(data);
        assertEquals(TcpState.FIN_WAIT_2, s.state());
        ack = p.single();
        assertEquals(fin.seq + 1, ack.seq);
        assertEquals(p.peerSeq + 1000, ack.ack);

        // An abort now resets at FIN+1 too, the only sequence number Linux accepts for a RST (RFC 5961).
        s.abort();
        TcpSegment rst = p.single();
        assertTrue(rst.has(TcpSegment.RST));
        assertEquals(fin.seq + 1, rst.seq);
    }

    /**
     * Active close: our last ACK (for the peer's FIN, in TIME_WAIT) must also be at FIN+1, or a
     * Linux peer in LAST_ACK discards it and keeps retransmitting its FIN.
     */
    @Test
    void lastAckInTimeWaitIsAtFinPlusOne() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1380, 0, true, false, 65535);
        p.sent();
        s.close();
        TcpSegment fin = p.single();
        assertTrue(fin.has(TcpSegment.FIN));
        p.inject(p.seg(s.localPort, TcpSegment.ACK | TcpSegment.FIN, p.peerSeq, fin.seq + 1, 65535));
        assertEquals(TcpState.TIME_WAIT, s.state());
        TcpSegment last = p.single();
        assertEquals(fin.seq + 1, last.seq);
        assertEquals(p.peerSeq + 1, last.ack);
        // The peer's retransmitted FIN (our ACK was "lost") is answered the same way.
        p.inject(p.seg(s.localPort, TcpSegment.ACK | TcpSegment.FIN, p.peerSeq, fin.seq + 1, 65535));
        assertEquals(fin.seq + 1, p.single().seq);
    }

    /** Before the FIN is sent (data still queued), ACKs stay at SND.NXT. */
    @Test
    void acksBeforeTheFinIsSentStayAtSndNxt() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1380, 0, false, false, 1000);
        p.sent();
        byte[] d = ScriptedPeer.bytes(3000, 7);
        s.write(d, 0, d.length); // only 1000 fit the peer's window
        s.shutdownOutput();
        assertEquals(1, p.sent().size());
        TcpSegment data = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 0);
        data.payload = ScriptedPeer.bytes(10, 8);
        data.payloadLength = 10;
        p.inject(data);
        TcpSegment ack = p.single();
        assertEquals(p.ourIss + 1 + 1000, ack.seq);
        assertEquals(0, ack.flags & TcpSegment.FIN);
    }

    /**
     * 3 % loss through the tunnel: a lost retransmission used to cost a full RTO (>= 200 ms,
     * hundreds of times the tunnel RTT) each time. Data sent after the retransmission being SACKed
     * while the retransmitted range is still missing proves it was lost; it is resent at once.
     */
    @Test
    void aRetransmissionLostAgainIsResentWithoutWaitingForTheRto() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1000, 0, true, false, 65535);
        p.sent();
        byte[] d = ScriptedPeer.bytes(30000, 9);
        assertEquals(30000, s.write(d, 0, d.length));
        java.util.List<TcpSegment> first = p.sent();
        assertEquals(10, first.size(), "initial window of ten segments");
        int base = first.get(0).seq;
        // [0,1000) is lost; the peer SACKs the rest as it arrives.
        TcpSegment ack = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base, 65535);
        for (int k = 2; k <= 10; k++) {
            ack.sackBlocks = new int[] {base + 1000, base + k * 1000};
            p.inject(ack);
        }
        java.util.List<TcpSegment> out = p.sent();
        assertTrue(s.inFastRecovery());
        int rtx = -1;
        for (int i = 0; i < out.size(); i++) if (out.get(i).seq == base) rtx = i;
        assertTrue(rtx >= 0, "the hole is retransmitted: " + out);
        assertEquals(1, out.stream().filter(t -> t.seq == base).count());
        int sndMaxAtRtx = 10000;
        for (TcpSegment t : out.subList(0, rtx)) sndMaxAtRtx = Math.max(sndMaxAtRtx, t.seq - base + t.payloadLength);
        int later = -1; // end of the first segment sent after the retransmission, above SND.MAX at that time
        for (TcpSegment t : out.subList(rtx, out.size())) if (later < 0 && t.seq - base >= sndMaxAtRtx) later = t.seq - base + t.payloadLength;
        assertTrue(later > 0, "new data follows the retransmission: " + out);

        // The retransmission is lost as well; data sent after it arrives and is SACKed.
        ack.sackBlocks = new int[] {base + 1000, base + later - 1000};
        p.inject(ack);
        assertTrue(p.sent().stream().noneMatch(t -> t.seq == base), "data sent before the retransmission proves nothing");
        ack.sackBlocks = new int[] {base + 1000, base + later};
        p.inject(ack);
        java.util.List<TcpSegment> again = p.sent();
        assertTrue(again.stream().anyMatch(t -> t.seq == base && t.payloadLength == 1000), "resent without an RTO: " + again);
        assertEquals(1, s.lostRetransmissions());
        assertEquals(0, s.timeouts);

        // A later SACK does not resend it a third time while the second copy may still arrive.
        ack.sackBlocks = new int[] {base + 1000, base + later + 1000};
        p.inject(ack);
        assertTrue(p.sent().stream().noneMatch(t -> t.seq == base), "no third copy");
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + later + 1000, 65535));
        assertFalse(s.inFastRecovery());
    }

    /**
     * 3 % loss through the tunnel, where Linux ACKs every second segment: when all ACKs of a small
     * flight are lost nothing comes back, and only the RTO (200 ms, ~500 tunnel RTTs) recovered. A
     * tail loss probe after two SRTTs retransmits the last segment and the peer's ACK resumes the
     * flow.
     */
    @Test
    void tailLossProbeResendsTheLastSegmentAfterTwoRtts() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1000, 0, true, false, 65535); // SYN RTT 10 ms
        p.sent();
        assertEquals(10_000_000L, s.smoothedRttNanos());
        s.write(ScriptedPeer.bytes(3000, 3), 0, 3000);
        java.util.List<TcpSegment> flight = p.sent();
        assertEquals(3, flight.size());
        int base = flight.get(0).seq;
        long sentAt = p.now;
        assertEquals(sentAt + 20_000_000L, p.stack.nextDeadline(), "probe after 2*SRTT, well before the RTO");
        p.advanceTo(sentAt + 20_000_000L);
        TcpSegment probe = p.single();
        assertEquals(base + 2000, probe.seq, "no new data: the last segment again");
        assertEquals(1000, probe.payloadLength);
        assertEquals(1, s.tailProbes);
        assertEquals(0, s.timeouts);
        assertTrue(p.stack.nextDeadline() >= p.now + RttEstimator.MIN_RTO_NANOS, "then only the RTO, no second probe");
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 3000, 65535));
        assertEquals(dev.tabnet.core.Clock.NEVER, p.stack.nextDeadline(), "all acknowledged: no timers");
    }

    /** With more data queued than cwnd allows, the probe carries one new segment instead. */
    @Test
    void tailLossProbeSendsNewDataWhenAvailable() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1000, 0, true, false, 65535);
        p.sent();
        s.write(ScriptedPeer.bytes(20000, 3), 0, 20000);
        java.util.List<TcpSegment> flight = p.sent();
        assertEquals(10, flight.size(), "initial window");
        int base = flight.get(0).seq;
        p.advanceTo(p.stack.nextDeadline());
        TcpSegment probe = p.single();
        assertEquals(base + 10000, probe.seq);
        assertEquals(1, s.tailProbes);
    }

    /** Without SACK (nothing could use the probe's answer beyond NewReno) there is no probe. */
    @Test
    void noTailLossProbeWithoutSack() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1000, 0, false, false, 65535);
        p.sent();
        s.write(ScriptedPeer.bytes(3000, 3), 0, 3000);
        p.sent();
        assertTrue(p.stack.nextDeadline() - p.now >= RttEstimator.MIN_RTO_NANOS);
    }

    /**
     * The end of a transfer in recovery: the retransmission is lost and there is no later data
     * whose SACK could reveal it. Two SRTTs without any ACK presume it lost (instead of the RTO).
     */
    @Test
    void silentRecoveryResendsTheRetransmissionAfterTwoRtts() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new TcpSegmentLevelTest.Recorder(), 1000, 0, true, false, 65535); // SRTT 10 ms
        p.sent();
        s.write(ScriptedPeer.bytes(10000, 5), 0, 10000);
        int base = p.sent().get(0).seq;
        TcpSegment ack = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base, 65535);
        for (int k = 2; k <= 10; k++) {
            ack.sackBlocks = new int[] {base + 1000, base + k * 1000};
            p.inject(ack);
        }
        assertTrue(s.inFastRecovery());
        assertEquals(1, p.sent().stream().filter(t -> t.seq == base).count(), "first retransmission");
        long t = p.now;
        assertEquals(t + 20_000_000L, p.stack.nextDeadline(), "silence timer of 2*SRTT, not the 200 ms RTO");
        p.advanceTo(t + 20_000_000L);
        TcpSegment again = p.single();
        assertEquals(base, again.seq);
        assertEquals(1, s.lostRetransmissions());
        assertEquals(0, s.timeouts);
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 10000, 65535));
        assertFalse(s.inFastRecovery());
        assertEquals(dev.tabnet.core.Clock.NEVER, p.stack.nextDeadline());
    }
}
