package dev.tabnet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.ip.DropReason;
import dev.tabnet.core.netstack.NetStackConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deterministic segment-by-segment tests of the TCP state machine with an injected clock. */
class TcpSegmentLevelTest {

    static final class Recorder implements TcpListener {
        int connected, readable, writable;
        CloseReason closed;
        final List<TcpSocket> accepted = new ArrayList<>();

        @Override
        public void onConnected(TcpSocket s) {
            connected++;
        }

        @Override
        public void onReadable(TcpSocket s) {
            readable++;
        }

        @Override
        public void onWritable(TcpSocket s) {
            writable++;
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason r) {
            closed = r;
        }
    }

    @Test
    void activeOpenSendsOptionsAndCompletesHandshake() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        TcpSocket s = p.stack.connect(ScriptedPeer.PEER, 5000, r);
        TcpSegment syn = p.single();
        assertEquals(TcpSegment.SYN, syn.flags);
        assertEquals(1420 - 40, syn.mss);
        assertTrue(syn.sackPermitted);
        assertTrue(syn.hasTimestamp);
        assertEquals(5, syn.windowScale); // 1 MiB receive buffer needs shift 5 to fit 16 bits
        assertEquals(TcpState.SYN_SENT, s.state());
        // A second socket gets a different ISN (drawn from the injected entropy).
        TcpSocket s2 = p.stack.connect(ScriptedPeer.PEER, 5000, null);
        assertNotEquals(syn.seq, p.single().seq);
        s2.abort();

        TcpSegment sa = p.seg(s.localPort, TcpSegment.SYN | TcpSegment.ACK, 777, syn.seq + 1, 65535);
        sa.mss = 1200;
        sa.windowScale = 7;
        sa.sackPermitted = true;
        sa.hasTimestamp = true;
        sa.tsVal = 5;
        sa.tsEcr = syn.tsVal;
        p.inject(sa);
        TcpSegment ack = p.single();
        assertEquals(TcpSegment.ACK, ack.flags);
        assertEquals(778, ack.ack);
        assertEquals(syn.seq + 1, ack.seq);
        assertEquals(5, ack.tsEcr);
        assertEquals(TcpState.ESTABLISHED, s.state());
        assertEquals(1, r.connected);
        assertEquals(65535, s.sendWindow()); // the SYN-ACK window is not scaled
        assertTrue(s.sackEnabled() && s.timestampsEnabled());
        assertEquals(7, s.sendWindowShift());
        assertEquals(1200 - 12, s.effectiveMss());
    }

    @Test
    void passiveOpenEchoesOnlyOfferedOptions() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        p.stack.listen(80, sock -> {
            r.accepted.add(sock);
            return r;
        });
        TcpSegment syn = p.seg(80, TcpSegment.SYN, 1000, 0, 29200);
        syn.mss = 1400;
        syn.sackPermitted = true; // no timestamps, no window scale
        p.inject(syn);
        TcpSegment sa = p.single();
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, sa.flags);
        assertEquals(1001, sa.ack);
        assertTrue(sa.sackPermitted);
        assertFalse(sa.hasTimestamp);
        assertEquals(-1, sa.windowScale);
        assertTrue(r.accepted.isEmpty(), "not accepted before the handshake completes");
        // Lost SYN-ACK: the peer retransmits its SYN and gets the same SYN-ACK again.
        p.inject(syn);
        assertEquals(sa.seq, p.single().seq);
        p.inject(p.seg(80, TcpSegment.ACK, 1001, sa.seq + 1, 29200));
        assertEquals(1, r.accepted.size());
        TcpSocket s = r.accepted.get(0);
        assertEquals(TcpState.ESTABLISHED, s.state());
        assertEquals(0, s.receiveWindowShift()); // no scaling since the peer did not offer it
        TcpSegment data = p.seg(80, TcpSegment.ACK | TcpSegment.PSH, 1001, sa.seq + 1, 29200);
        data.payload = ScriptedPeer.bytes(100, 1);
        data.payloadLength = 100;
        p.inject(data);
        assertEquals(1101, p.single().ack);
        assertEquals(1, r.readable);
        byte[] got = new byte[200];
        assertEquals(100, s.read(got, 0, 200));
        assertArrayEquals(ScriptedPeer.bytes(100, 1), java.util.Arrays.copyOf(got, 100));
    }

    @Test
    void retransmitsOnRtoWithBackoff() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1460, 0, false, false, 65535);
        p.sent();
        byte[] d = ScriptedPeer.bytes(500, 2);
        assertEquals(500, s.write(d, 0, 500));
        TcpSegment first = p.single();
        assertEquals(500, first.payloadLength);
        long deadline = p.stack.nextDeadline();
        long rto = deadline - p.now;
        assertTrue(rto >= RttEstimator.MIN_RTO_NANOS && rto <= RttEstimator.INITIAL_RTO_NANOS, "rto " + rto);
        p.advanceTo(deadline - 1);
        assertTrue(p.sent().isEmpty(), "nothing before the RTO");
        p.advanceTo(deadline);
        TcpSegment again = p.single();
        assertEquals(first.seq, again.seq);
        assertEquals(500, again.payloadLength);
        assertEquals(1, s.timeouts);
        assertEquals(1380, s.congestionWindow(), "cwnd collapses to one segment (RFC 5681)");
        long second = p.stack.nextDeadline() - p.now;
        assertEquals(2 * rto, second, "exponential backoff doubles the RTO");
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, first.seq + 500, 65535));
        assertEquals(Clock.NEVER, p.stack.nextDeadline(), "timer stops when all data is acknowledged");
    }

    @Test
    void rttEstimatorFollowsRfc6298() {
        RttEstimator e = new RttEstimator();
        assertEquals(1_000_000_000L, e.rto());
        e.sample(100_000_000L); // SRTT=100ms, RTTVAR=50ms, RTO = 100 + 4*50 = 300ms
        assertEquals(100_000_000L, e.srtt());
        assertEquals(300_000_000L, e.rto());
        e.sample(200_000_000L); // RTTVAR = 3/4*50 + 1/4*100 = 62.5, SRTT = 112.5 -> RTO 362.5ms
        assertEquals(112_500_000L, e.srtt());
        assertEquals(362_500_000L, e.rto());
        e.sample(1_000_000L);
        e.sample(1_000_000L);
        for (int i = 0; i < 50; i++) e.sample(1_000_000L);
        assertEquals(RttEstimator.MIN_RTO_NANOS, e.rto(), "200 ms floor");
        e.backOff();
        assertEquals(2 * RttEstimator.MIN_RTO_NANOS, e.rto());
        for (int i = 0; i < 20; i++) e.backOff();
        assertEquals(RttEstimator.MAX_RTO_NANOS, e.rto());
    }

    /** Without SACK: three duplicate ACKs trigger a fast retransmit of the missing segment (RFC 5681 3.2). */
    @Test
    void fastRetransmitOnThreeDupAcks() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1000, 0, false, false, 65535);
        p.sent();
        byte[] d = ScriptedPeer.bytes(6000, 3);
        assertEquals(6000, s.write(d, 0, 6000));
        List<TcpSegment> out = p.sent();
        assertEquals(6, out.size());
        int base = out.get(0).seq;
        // Segment 2 (bytes 1000..2000) is lost; segments 3,4,5 each produce a duplicate ACK.
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 1000, 65535));
        assertTrue(p.sent().isEmpty());
        for (int i = 0; i < 2; i++) {
            p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 1000, 65535));
            assertTrue(p.sent().isEmpty(), "no retransmission before the third duplicate");
        }
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 1000, 65535));
        TcpSegment rtx = p.sent().get(0);
        assertEquals(base + 1000, rtx.seq);
        assertEquals(1000, rtx.payloadLength);
        assertEquals(1, s.fastRetransmits);
        assertEquals(0, s.timeouts);
        assertTrue(s.inFastRecovery());
        // Partial ACK (NewReno): retransmit the next hole immediately.
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 3000, 65535));
        TcpSegment rtx2 = p.sent().get(0);
        assertEquals(base + 3000, rtx2.seq);
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 6000, 65535));
        assertFalse(s.inFastRecovery());
    }

    /** With SACK the sender retransmits only the holes, never SACKed data (RFC 2018, RFC 6675). */
    @Test
    void sackDrivenRetransmissionSkipsSackedData() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1000, 0, true, false, 65535);
        p.sent();
        assertTrue(s.sackEnabled());
        byte[] d = ScriptedPeer.bytes(8000, 4);
        s.write(d, 0, 8000);
        List<TcpSegment> out = p.sent();
        int base = out.get(0).seq;
        // Lost: [1000,2000) and [4000,5000). The peer SACKs what arrived.
        TcpSegment ack = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 1000, 65535);
        ack.sackBlocks = new int[] {base + 2000, base + 4000};
        p.inject(ack);
        ack.sackBlocks = new int[] {base + 5000, base + 8000, base + 2000, base + 4000};
        p.inject(ack);
        List<TcpSegment> rtx = p.sent();
        assertTrue(s.inFastRecovery(), "more than 2*SMSS SACKed above SND.UNA marks it lost");
        assertEquals(2, rtx.size(), "both holes and nothing else: " + rtx);
        assertEquals(base + 1000, rtx.get(0).seq);
        assertEquals(base + 4000, rtx.get(1).seq);
        for (TcpSegment t : rtx) assertEquals(1000, t.payloadLength);
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, base + 8000, 65535));
        assertFalse(s.inFastRecovery());
        assertEquals(0, s.timeouts);
    }

    @Test
    void receiverReportsSackBlocksForOutOfOrderData() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1000, 0, true, true, 65535);
        p.sent();
        TcpSegment d = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq + 1000, p.ourIss + 1, 65535);
        d.payload = ScriptedPeer.bytes(500, 5);
        d.payloadLength = 500;
        d.hasTimestamp = true;
        d.tsVal = 2000;
        p.inject(d);
        TcpSegment a = p.single();
        assertEquals(p.peerSeq, a.ack, "duplicate ACK for the missing byte");
        assertEquals(2, a.sackBlocks.length);
        assertEquals(p.peerSeq + 1000, a.sackBlocks[0]);
        assertEquals(p.peerSeq + 1500, a.sackBlocks[1]);
        TcpSegment fill = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 65535);
        fill.payload = ScriptedPeer.bytes(1000, 6);
        fill.payloadLength = 1000;
        p.inject(fill);
        TcpSegment a2 = p.single();
        assertEquals(p.peerSeq + 1500, a2.ack);
        assertEquals(0, a2.sackBlocks.length);
        assertEquals(1500, s.available());
    }

    @Test
    void windowScalingBothDirections() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1460, 4, false, false, 65535);
        TcpSegment ack = p.single();
        // Our window field is our free buffer shifted by our scale (5 for 1 MiB).
        assertEquals((1 << 20) >> 5, ack.window);
        // The peer's window field 100 means 100 << 4 = 1600 bytes.
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 100));
        assertEquals(1600, s.sendWindow());
        byte[] d = ScriptedPeer.bytes(5000, 7);
        s.write(d, 0, 5000);
        List<TcpSegment> out = p.sent();
        int total = 0;
        for (TcpSegment t : out) total += t.payloadLength;
        // Our MSS (MTU 1420 - 40 = 1380) is the smaller one: one full segment fits; the 220-byte rest waits
        // (sender SWS avoidance) since it is neither a full segment nor half the peer's largest window.
        assertEquals(1380, total);
    }

    @Test
    void zeroWindowProbeThenResume() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        TcpSocket s = p.connect(r, 1000, 0, false, false, 65535);
        p.sent();
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 0)); // window closes
        assertEquals(0, s.sendWindow());
        s.write(ScriptedPeer.bytes(300, 8), 0, 300);
        assertTrue(p.sent().isEmpty(), "nothing may be sent into a zero window");
        long probeAt = p.stack.nextDeadline();
        assertTrue(probeAt < Clock.NEVER, "persist timer armed");
        p.advanceTo(probeAt);
        TcpSegment probe = p.single();
        assertEquals(p.ourIss, probe.seq, "probe uses SND.UNA - 1 so the receiver must answer with an ACK");
        assertEquals(0, probe.payloadLength);
        assertEquals(1, s.probesSent);
        long next = p.stack.nextDeadline();
        assertTrue(next - p.now > probeAt - p.now - 1, "persist timer backs off");
        p.advanceTo(next);
        assertEquals(1, p.sent().size());
        assertEquals(2, s.probesSent);
        // The window-update answer opens the window: data flows at once.
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 4000));
        TcpSegment data = p.single();
        assertEquals(300, data.payloadLength);
        assertEquals(p.ourIss + 1, data.seq);
    }

    @Test
    void receiverAdvertisesZeroWindowAndBackPressuresTheApplication() {
        NetStackConfig c = new NetStackConfig();
        c.tcp.receiveBufferBytes = 4000;
        c.tcp.sendBufferBytes = 3000;
        ScriptedPeer p = new ScriptedPeer(c);
        Recorder r = new Recorder();
        TcpSocket s = p.connect(r, 1000, 0, false, false, 65535);
        p.sent();
        // Send buffer is bounded: write accepts only what fits and onWritable follows the ACK.
        assertEquals(3000, s.write(new byte[5000], 0, 5000));
        assertEquals(0, s.write(new byte[10], 0, 10));
        List<TcpSegment> out = p.sent();
        assertEquals(3, out.size());
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1 + 3000, 65535));
        assertEquals(1, r.writable);
        assertEquals(3000, s.writable());
        // Receive side: fill the 4000-byte buffer; the window goes to zero; excess is refused.
        int seq = p.peerSeq;
        for (int i = 0; i < 5; i++) {
            TcpSegment d = p.seg(s.localPort, TcpSegment.ACK, seq, p.ourIss + 1 + 3000, 65535);
            d.payload = ScriptedPeer.bytes(1000, i);
            d.payloadLength = 1000;
            p.inject(d);
            if (i < 4) seq += 1000;
        }
        List<TcpSegment> acks = p.sent();
        TcpSegment last = acks.get(acks.size() - 1);
        assertEquals(0, last.window);
        assertEquals(p.peerSeq + 4000, last.ack, "the fifth segment did not fit and is not acknowledged");
        assertEquals(4000, s.available());
        byte[] buf = new byte[4000];
        assertEquals(3000, s.read(buf, 0, 3000));
        TcpSegment update = p.single();
        assertEquals(3000, update.window, "window update once the application made room");
    }

    @Test
    void finHandshakeTimeWaitAndExpiry() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        TcpSocket s = p.connect(r, 1000, 0, false, false, 65535);
        p.sent();
        s.close();
        TcpSegment fin = p.single();
        assertTrue(fin.has(TcpSegment.FIN));
        assertEquals(TcpState.FIN_WAIT_1, s.state());
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, fin.seq + 1, 65535));
        assertEquals(TcpState.FIN_WAIT_2, s.state());
        p.inject(p.seg(s.localPort, TcpSegment.ACK | TcpSegment.FIN, p.peerSeq, fin.seq + 1, 65535));
        TcpSegment lastAck = p.single();
        assertEquals(p.peerSeq + 1, lastAck.ack);
        assertEquals(TcpState.TIME_WAIT, s.state());
        assertEquals(CloseReason.NORMAL, r.closed);
        byte[] b = new byte[1];
        assertEquals(-1, s.read(b, 0, 1));
        // A retransmitted FIN in TIME_WAIT is ACKed again.
        p.now += 1_000_000_000L;
        p.inject(p.seg(s.localPort, TcpSegment.ACK | TcpSegment.FIN, p.peerSeq, fin.seq + 1, 65535));
        assertEquals(p.peerSeq + 1, p.single().ack);
        long expiry = p.stack.nextDeadline();
        assertEquals(p.now + 60_000_000_000L, expiry, "2MSL restarted by the retransmitted FIN");
        assertEquals(1, p.stack.connectionCount());
        p.advanceTo(expiry);
        assertEquals(TcpState.CLOSED, s.state());
        assertEquals(0, p.stack.connectionCount());
        assertEquals(Clock.NEVER, p.stack.nextDeadline());
    }

    @Test
    void passiveCloseGoesThroughCloseWaitAndLastAck() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        TcpSocket s = p.connect(r, 1000, 0, false, false, 65535);
        p.sent();
        p.inject(p.seg(s.localPort, TcpSegment.ACK | TcpSegment.FIN, p.peerSeq, p.ourIss + 1, 65535));
        assertEquals(TcpState.CLOSE_WAIT, s.state());
        assertTrue(s.isEndOfStream());
        p.sent();
        s.write(ScriptedPeer.bytes(10, 1), 0, 10);
        s.close();
        List<TcpSegment> out = p.sent();
        assertTrue(out.get(out.size() - 1).has(TcpSegment.FIN));
        assertEquals(TcpState.LAST_ACK, s.state());
        p.inject(p.seg(s.localPort, TcpSegment.ACK, p.peerSeq + 1, p.ourIss + 1 + 11, 65535));
        assertEquals(TcpState.CLOSED, s.state());
        assertEquals(CloseReason.NORMAL, r.closed);
        assertEquals(0, p.stack.connectionCount());
    }

    @Test
    void resetHandling() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        TcpSocket s = p.connect(r, 1000, 0, false, false, 65535);
        p.sent();
        // RFC 5961: an in-window but inexact RST only draws a challenge ACK.
        p.inject(p.seg(s.localPort, TcpSegment.RST, p.peerSeq + 100, 0, 0));
        assertEquals(TcpState.ESTABLISHED, s.state());
        assertEquals(p.peerSeq, p.single().ack);
        // Out of window: ignored silently.
        p.inject(p.seg(s.localPort, TcpSegment.RST, p.peerSeq - 100000, 0, 0));
        assertEquals(TcpState.ESTABLISHED, s.state());
        assertTrue(p.sent().isEmpty());
        p.inject(p.seg(s.localPort, TcpSegment.RST, p.peerSeq, 0, 0));
        assertEquals(TcpState.CLOSED, s.state());
        assertEquals(CloseReason.RESET, r.closed);
        assertEquals(0, p.stack.connectionCount());

        // Connection refused: RST+ACK answering our SYN.
        Recorder r2 = new Recorder();
        TcpSocket s2 = p.stack.connect(ScriptedPeer.PEER, 5000, r2);
        TcpSegment syn = p.single();
        p.inject(p.seg(s2.localPort, TcpSegment.RST | TcpSegment.ACK, 0, syn.seq + 1, 0));
        assertEquals(CloseReason.REFUSED, r2.closed);

        // abort() sends RST.
        Recorder r3 = new Recorder();
        TcpSocket s3 = p.connect(r3, 1000, 0, false, false, 65535);
        p.sent();
        s3.abort();
        assertTrue(p.single().has(TcpSegment.RST));
        assertEquals(CloseReason.ABORTED, r3.closed);
    }

    @Test
    void synRetransmissionGivesUpWithTimeout() {
        ScriptedPeer p = new ScriptedPeer();
        Recorder r = new Recorder();
        p.stack.connect(ScriptedPeer.PEER, 5000, r);
        int syns = p.sent().size();
        long first = p.stack.nextDeadline() - p.now;
        assertEquals(RttEstimator.INITIAL_RTO_NANOS, first);
        while (p.stack.nextDeadline() != Clock.NEVER) {
            p.advanceTo(p.stack.nextDeadline());
            syns += p.sent().size();
        }
        assertEquals(7, syns, "initial SYN + 6 retries");
        assertEquals(CloseReason.TIMEOUT, r.closed);
    }

    @Test
    void malformedSegmentsAreCountedNotFatal() {
        ScriptedPeer p = new ScriptedPeer();
        TcpSocket s = p.connect(new Recorder(), 1000, 0, false, false, 65535);
        p.sent();
        TcpSegment d = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 65535);
        d.payload = ScriptedPeer.bytes(100, 9);
        d.payloadLength = 100;
        byte[] pkt = d.toPacket(ScriptedPeer.PEER, ScriptedPeer.US, 1);
        byte[] bad = pkt.clone();
        bad[60] ^= 0x10;
        p.stack.receive(bad, 0, bad.length, p.now);
        byte[] badOffset = pkt.clone();
        badOffset[20 + 12] = (byte) 0xf0; // data offset 60 > segment
        fixIpv4(badOffset);
        p.stack.receive(badOffset, 0, 20 + 40, p.now);
        TcpSegment withMss = p.seg(s.localPort, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, 100);
        withMss.mss = 1000;
        byte[] badOpt = withMss.toPacket(ScriptedPeer.PEER, ScriptedPeer.US, 1);
        badOpt[20 + 21] = 40; // MSS option claims 40 bytes
        // Fix the TCP checksum so only the option is wrong.
        badOpt[20 + 16] = badOpt[20 + 17] = 0;
        int cs = dev.tabnet.core.ip.Checksum.upperLayer(ScriptedPeer.PEER, ScriptedPeer.US, 6, badOpt, 20, badOpt.length - 20);
        badOpt[20 + 16] = (byte) (cs >> 8);
        badOpt[20 + 17] = (byte) cs;
        p.stack.receive(badOpt, 0, badOpt.length, p.now);
        p.stack.receive(new byte[] {0x45}, 0, 1, p.now);
        p.stack.receive(new byte[40], 0, 40, p.now);
        assertEquals(1, p.stack.counters().dropped(DropReason.BAD_TRANSPORT_CHECKSUM));
        assertEquals(1, p.stack.counters().dropped(DropReason.BAD_TCP_OPTIONS));
        assertTrue(p.stack.counters().dropped(DropReason.TRUNCATED) + p.stack.counters().dropped(DropReason.BAD_HEADER_LENGTH) >= 2);
        assertEquals(1, p.stack.counters().dropped(DropReason.BAD_VERSION));
        assertTrue(p.sent().isEmpty());
        assertEquals(0, s.available());
        // The intact packet still works afterwards.
        p.stack.receive(pkt, 0, pkt.length, p.now);
        assertEquals(100, s.available());
    }

    private static void fixIpv4(byte[] p) {
        p[10] = p[11] = 0;
        int cs = dev.tabnet.core.ip.Checksum.compute(p, 0, 20);
        p[10] = (byte) (cs >> 8);
        p[11] = (byte) cs;
    }
}
