package dev.tabnet.core.tcp;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.IpProtocol;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.testutil.SeededEntropy;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven TCP peer for segment-level tests: the test writes each segment the peer sends and
 * inspects every segment the stack under test emits, with a manual clock.
 */
final class ScriptedPeer {
    static final IpAddress US = IpAddress.parse("100.64.0.2");
    static final IpAddress PEER = IpAddress.parse("100.64.0.1");
    static final int PEER_PORT = 5000;

    final NetStack stack;
    long now = 1_000_000_000L;
    int peerSeq = 0x10000000; // the peer's next sequence number
    int ourIss;

    ScriptedPeer() {
        this(new NetStackConfig());
    }

    ScriptedPeer(NetStackConfig c) {
        c.ipv4 = US;
        stack = new NetStack(c, new SeededEntropy(99));
        stack.advance(now); // app calls (connect, write) use the stack's latest time
    }

    /** Everything the stack emitted since the last call, parsed. */
    List<TcpSegment> sent() {
        List<TcpSegment> out = new ArrayList<>();
        for (byte[] p; (p = stack.pollOutbound()) != null; ) {
            try {
                IpPacket ip = IpPacket.parse(p, 0, p.length);
                if (ip.protocol == IpProtocol.TCP) out.add(TcpSegment.parse(ip));
            } catch (Exception e) {
                throw new AssertionError("stack emitted an unparsable packet", e);
            }
        }
        return out;
    }

    TcpSegment single() {
        List<TcpSegment> s = sent();
        if (s.size() != 1) throw new AssertionError("expected exactly one segment, got " + s);
        return s.get(0);
    }

    TcpSegment seg(int localPort, int flags, int seq, int ack, int window) {
        TcpSegment s = new TcpSegment();
        s.srcPort = PEER_PORT;
        s.dstPort = localPort;
        s.flags = flags;
        s.seq = seq;
        s.ack = ack;
        s.window = window;
        return s;
    }

    /** Delivers s and then advances the stack to the same instant, as the node does after each input batch. */
    void inject(TcpSegment s) {
        injectOnly(s);
        stack.advance(now);
    }

    /** Delivers s without advancing: what the stack sends before the rest of the batch is handled. */
    void injectOnly(TcpSegment s) {
        byte[] p = s.toPacket(PEER, US, 1);
        stack.receive(p, 0, p.length, now);
    }

    void advanceTo(long t) {
        now = t;
        stack.advance(now);
    }

    /** Active open from the stack, answered by a SYN-ACK with the given options; returns the socket. */
    TcpSocket connect(TcpListener l, int mss, int wscale, boolean sack, boolean ts, int window) {
        TcpSocket s = stack.connect(PEER, PEER_PORT, l);
        TcpSegment syn = single();
        ourIss = syn.seq;
        TcpSegment sa = seg(s.localPort, TcpSegment.SYN | TcpSegment.ACK, peerSeq, ourIss + 1, window);
        sa.mss = mss;
        sa.windowScale = wscale;
        sa.sackPermitted = sack;
        if (ts) {
            sa.hasTimestamp = true;
            sa.tsVal = 1000;
            sa.tsEcr = syn.tsVal;
        }
        now += 10_000_000L;
        inject(sa);
        peerSeq++;
        return s;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }
}
