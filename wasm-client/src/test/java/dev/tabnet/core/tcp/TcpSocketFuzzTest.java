package dev.tabnet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.Clock;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.testutil.FuzzInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One TCP connection (active or passive open, options chosen by the input) fed fuzzed peer segments,
 * application calls and clock jumps. Contract: nothing throws out of the stack; timers never stay due;
 * every segment we emit parses with valid checksums; we only ever send bytes the application wrote,
 * at their stream offset, and our FIN sits right after them; we never acknowledge bytes we have not
 * received in order; the application reads exactly the peer's byte stream (every peer byte is a
 * function of its sequence number, so any reassembly mistake shows).
 *
 * <p>Input layout: byte 0 = options (bit 0 passive open, 1 SACK, 2 timestamps, 3 window scaling,
 * 4 a 3000-byte receive buffer, 5 read on every readable event); then operations, one byte each
 * (low 4 bits) followed by their arguments: 0 peer segment relative to where the peer is (seq delta,
 * ack delta, length, flags, window, option bits), 1 write, 2 read, 3 advance clock, 4 shutdownOutput,
 * 5 abort, 6 segment with absolute fields, 7 peer ACKs all we sent, 8 jump to the next deadline.
 */
class TcpSocketFuzzTest {

    @FuzzTest
    void segments(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        new Run(in).go();
    }

    /** The harness reaches real data transfer: the committed seed exchanges data both ways and closes. */
    @Test
    void seedExchangesDataBothWaysAndCloses() throws Exception {
        byte[] seed;
        try (java.io.InputStream is = getClass().getResourceAsStream("TcpSocketFuzzTestInputs/segments/active-exchange-close")) {
            seed = is.readAllBytes();
        }
        Run r = new Run(new FuzzInput(seed));
        r.go();
        assertEquals(100, r.readTotal, "bytes the application read");
        assertEquals(1000, r.written, "bytes the application wrote");
        assertTrue(r.finSeen, "our FIN went out");
        TcpState st = r.socket.state();
        assertTrue(st == TcpState.TIME_WAIT || st == TcpState.CLOSED, "ended in " + st);
    }

    static byte peerByte(int seq) {
        return (byte) (seq * 31 ^ seq >>> 9);
    }

    static byte ourByte(long offset) {
        return (byte) (offset * 13 + (offset >>> 11));
    }

    // ourByte repeats every 2^19 offsets and peerByte every 2^17 sequence numbers (a divisor of 2^32),
    // so streams are copied from and compared with one table each; the tables run 64 KiB past the
    // period so that a run starting anywhere in it is contiguous.
    private static final int OUR_MASK = (1 << 19) - 1, PEER_MASK = (1 << 17) - 1, SLACK = 1 << 16;
    private static final byte[] OUR = new byte[OUR_MASK + 1 + SLACK], PEER = new byte[PEER_MASK + 1 + SLACK];

    static {
        for (int i = 0; i < OUR.length; i++) OUR[i] = ourByte(i);
        for (int i = 0; i < PEER.length; i++) PEER[i] = peerByte(i);
    }

    /** Copies the len stream bytes from position base (an offset or sequence number) on out of table. */
    private static void copyFrom(byte[] table, int mask, long base, byte[] dst, int off, int len) {
        for (int done = 0; done < len; ) {
            int idx = (int) ((base + done) & mask);
            int run = Math.min(len - done, SLACK);
            System.arraycopy(table, idx, dst, off + done, run);
            done += run;
        }
    }

    /** Index of the first of the len bytes at b[off] that is not the stream byte at base + index, or -1. */
    private static int mismatch(byte[] table, int mask, long base, byte[] b, int off, int len) {
        for (int done = 0; done < len; ) {
            int idx = (int) ((base + done) & mask);
            int run = Math.min(len - done, SLACK);
            int m = java.util.Arrays.mismatch(table, idx, idx + run, b, off + done, off + done + run);
            if (m >= 0) return done + m;
            done += run;
        }
        return -1;
    }

    private static final class Run implements TcpListener {
        final FuzzInput in;
        final int options;
        final ScriptedPeer p;
        TcpSocket socket;
        int irs;          // the peer's ISN: its byte at seq s is peerByte(s)
        long readTotal;   // in-order bytes the application read
        long written;     // bytes the application's writes were accepted for
        boolean finSeen;  // we sent a FIN
        int sentHigh;     // highest seq + len we sent (32-bit)
        final byte[] buf = new byte[65536];

        Run(FuzzInput in) {
            this.in = in;
            options = in.u8();
            NetStackConfig c = new NetStackConfig();
            c.tcp.sack = (options & 2) != 0;
            c.tcp.timestamps = (options & 4) != 0;
            c.tcp.windowScaling = (options & 8) != 0;
            if ((options & 16) != 0) c.tcp.receiveBufferBytes = 3000;
            p = new ScriptedPeer(c);
        }

        void go() {
            open();
            for (int n = 0; in.more() && n < 500; n++) {
                int op = in.u8() & 15;
                long rcvBefore = rcvNxt();
                switch (op) {
                    case 0: relativeSegment(); break;
                    case 1: write(in.u16() % 20000); break;
                    case 2: read(in.u16()); break;
                    case 3: p.now += in.u16() * 1_000_000L; break;
                    case 4: if (socket != null) socket.shutdownOutput(); break;
                    case 5: if (socket != null) socket.abort(); break;
                    case 6: absoluteSegment(); break;
                    case 7: ackAll(in.u16()); break;
                    default: {
                        long d = p.stack.nextDeadline();
                        if (d != Clock.NEVER) p.now = Math.max(p.now, d);
                    }
                }
                settle(rcvBefore);
            }
        }

        private void open() {
            int mss = 500 + in.u16() % 1500;
            int window = 1 + in.u16();
            if ((options & 1) == 0) {
                socket = p.connect(this, mss, (options & 8) != 0 ? 7 : -1, (options & 2) != 0, (options & 4) != 0, window);
                irs = p.peerSeq - 1;
                sentHigh = p.ourIss + 1;
            } else {
                p.stack.listen(80, s -> {
                    socket = s;
                    p.stack.stopListening(80); // one connection per run: later SYNs get RST
                    return this;
                });
                TcpSegment syn = p.seg(80, TcpSegment.SYN, p.peerSeq, 0, window);
                syn.mss = mss;
                syn.sackPermitted = (options & 2) != 0;
                syn.windowScale = (options & 8) != 0 ? 7 : -1;
                if ((options & 4) != 0) {
                    syn.hasTimestamp = true;
                    syn.tsVal = 1;
                }
                irs = p.peerSeq;
                p.inject(syn);
                List<TcpSegment> out = p.sent();
                assertEquals(1, out.size(), () -> "SYN-ACK expected: " + out);
                p.ourIss = out.get(0).seq;
                p.peerSeq++;
                sentHigh = p.ourIss + 1;
                TcpSegment ack = p.seg(80, TcpSegment.ACK, p.peerSeq, p.ourIss + 1, window);
                p.inject(ack);
                assertNotNull(socket, "passive open did not complete");
            }
            settle(rcvNxt());
        }

        private int localPort() {
            return socket.localPort;
        }

        private void relativeSegment() {
            if (socket == null) return;
            int seq = p.peerSeq + (short) in.u16();
            int ack = sentHigh + (short) in.u16();
            int len = in.u16() % 3000;
            int flags = in.u8();
            int window = in.u16();
            int opt = in.u8();
            TcpSegment s = p.seg(localPort(), flags, seq, ack, window);
            if ((opt & 1) != 0) {
                s.hasTimestamp = true;
                s.tsVal = (int) (p.now / 1_000_000L);
                s.tsEcr = in.i32();
            }
            if ((opt & 2) != 0) {
                int blocks = 1 + (opt >>> 2 & 3);
                s.sackBlocks = new int[blocks * 2];
                for (int i = 0; i < blocks; i++) {
                    int left = p.ourIss + 1 + in.u16() * 16;
                    s.sackBlocks[2 * i] = left;
                    s.sackBlocks[2 * i + 1] = left + in.u16();
                }
            }
            withPeerPayload(s, len);
            p.inject(s);
            if (len > 0 && seq == p.peerSeq && (opt & 0x80) == 0) p.peerSeq += len; // mostly advance like a real peer
        }

        private void absoluteSegment() {
            if (socket == null) return;
            TcpSegment s = p.seg(localPort(), in.u8(), in.i32(), in.i32(), in.u16());
            withPeerPayload(s, in.u16() % 1500);
            p.inject(s);
        }

        private void ackAll(int window) {
            if (socket == null) return;
            p.inject(p.seg(localPort(), TcpSegment.ACK, p.peerSeq, sentHigh, window));
        }

        private void withPeerPayload(TcpSegment s, int len) {
            byte[] b = new byte[len];
            copyFrom(PEER, PEER_MASK, s.seq, b, 0, len);
            s.payload = b;
            s.payloadOffset = 0;
            s.payloadLength = len;
        }

        private void write(int n) {
            if (socket == null) return;
            byte[] b = new byte[n];
            copyFrom(OUR, OUR_MASK, written, b, 0, n);
            int k = socket.write(b, 0, n);
            assertTrue(k <= n, "write accepted more than offered");
            if (k > 0) written += k;
        }

        private void read(int max) {
            if (socket == null) return;
            int n = socket.read(buf, 0, Math.min(max, buf.length));
            int bad = mismatch(PEER, PEER_MASK, irs + 1 + (int) readTotal, buf, 0, n);
            if (bad >= 0) throw new AssertionError("read a byte the peer did not send at stream offset " + (readTotal + bad));
            if (n > 0) readTotal += n;
        }

        @Override
        public void onReadable(TcpSocket s) {
            if ((options & 32) != 0) read(buf.length);
        }

        /** rcvNxt as a 64-bit count past irs: bytes delivered in order (+1 once the FIN is in). */
        private long rcvNxt() {
            if (socket == null) return 0;
            return readTotal + socket.available() + (socket.isEndOfStream() || finReceivedState() ? 1 : 0);
        }

        private boolean finReceivedState() {
            TcpState st = socket.state();
            return st == TcpState.CLOSE_WAIT || st == TcpState.LAST_ACK || st == TcpState.CLOSING || st == TcpState.TIME_WAIT;
        }

        private void settle(long rcvBefore) {
            for (int i = 0; ; i++) {
                if (i >= 100) throw new AssertionError("timers stay due");
                p.stack.advance(p.now);
                checkOutput(rcvBefore);
                if (p.stack.nextDeadline() > p.now) break;
            }
            if (socket != null) {
                assertTrue(socket.available() <= (((options & 16) != 0) ? 3000 : 1 << 20), "receive queue beyond its buffer");
            }
        }

        private void checkOutput(long rcvBefore) {
            long rcvAfter = rcvNxt();
            for (TcpSegment s : p.sent()) {
                assertEquals(ScriptedPeer.PEER_PORT, s.dstPort, "segment to the wrong port");
                if (s.has(TcpSegment.RST)) continue;
                if (s.has(TcpSegment.SYN)) {
                    assertEquals(p.ourIss, s.seq, "SYN with another ISN");
                    continue;
                }
                long off = (s.seq - (p.ourIss + 1)) & 0xffffffffL;
                // Bare ACKs carry any old sequence number (window probes use SND.UNA - 1); only data and FIN are checked.
                if (s.payloadLength > 0 || s.has(TcpSegment.FIN)) assertTrue(off + s.payloadLength <= written, () -> "sent bytes at offset " + off + "+" + s.payloadLength + " beyond the " + written + " written");
                int bad = mismatch(OUR, OUR_MASK, off, s.payload, s.payloadOffset, s.payloadLength);
                if (bad >= 0) throw new AssertionError("sent a byte the application did not write at offset " + (off + bad));
                if (s.has(TcpSegment.FIN)) {
                    assertEquals(written, off + s.payloadLength, "FIN not right after the written bytes");
                    finSeen = true;
                }
                int end = s.seq + s.payloadLength + (s.has(TcpSegment.FIN) ? 1 : 0);
                if (end - sentHigh > 0) sentHigh = end;
                if (s.has(TcpSegment.ACK)) {
                    long acked = (s.ack - (irs + 1)) & 0xffffffffL;
                    assertTrue(acked >= Math.min(rcvBefore, rcvAfter) && acked <= Math.max(rcvBefore, rcvAfter) + 0,
                            () -> "ACK " + acked + " outside what was received in order [" + rcvBefore + ", " + rcvAfter + "]");
                }
            }
        }
    }
}
