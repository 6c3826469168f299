package dev.tabnet.core.wireguard;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import java.util.ArrayList;
import java.util.List;

/**
 * Two engines wired back to back through an in-memory "network" with a manual clock. Endpoint
 * objects are the strings "A" and "B". Every datagram that crosses is recorded.
 */
final class TwoDevices {
    static final byte[] IP_A = {10, 0, 0, 1};
    static final byte[] IP_B = {10, 0, 0, 2};

    long now = 1_000L * 1_000_000_000L;
    final WireGuardDevice a;
    final WireGuardDevice b;
    final byte[] aPub;
    final byte[] bPub;
    /** Datagrams delivered A->B and B->A, in order. */
    final List<byte[]> aToB = new ArrayList<>();
    final List<byte[]> bToA = new ArrayList<>();
    /** When false, datagrams are collected by pump() but thrown away (a lossy network). */
    boolean deliverToB = true;
    boolean deliverToA = true;

    TwoDevices(WireGuardConfig configA, WireGuardConfig configB) {
        SeededEntropy keys = new SeededEntropy(42);
        byte[] aPriv = X25519.generatePrivateKey(keys), bPriv = X25519.generatePrivateKey(keys);
        a = new WireGuardDevice(aPriv, new SeededEntropy(1), configA);
        b = new WireGuardDevice(bPriv, new SeededEntropy(2), configB);
        aPub = a.publicKey();
        bPub = b.publicKey();
        a.setUnixTimeOffsetNanos(1_700_000_000L * 1_000_000_000L);
        b.setUnixTimeOffsetNanos(1_700_000_000L * 1_000_000_000L);
        a.addPeer(bPub);
        a.addAllowedIp(bPub, IP_B, 32);
        a.setEndpoint(bPub, "B");
        b.addPeer(aPub);
        b.addAllowedIp(aPub, IP_A, 32);
        b.setEndpoint(aPub, "A");
    }

    TwoDevices() {
        this(new WireGuardConfig(), new WireGuardConfig());
    }

    WireGuardPeer peerOfA() {
        return a.peer(bPub);
    }

    WireGuardPeer peerOfB() {
        return b.peer(aPub);
    }

    /** Moves datagrams both ways until both output queues are empty. */
    void pump() {
        for (int guard = 0; guard < 10_000; guard++) {
            OutgoingDatagram d = a.pollDatagram();
            if (d != null) {
                aToB.add(d.data);
                if (deliverToB) b.handleDatagram(d.data, 0, d.data.length, "A", now);
                continue;
            }
            d = b.pollDatagram();
            if (d != null) {
                bToA.add(d.data);
                if (deliverToA) a.handleDatagram(d.data, 0, d.data.length, "B", now);
                continue;
            }
            return;
        }
        throw new AssertionError("datagram ping-pong did not settle");
    }

    /** Advances the clock to t, firing every timer at its own deadline on the way. */
    void runUntil(long t) {
        while (true) {
            long next = Math.min(a.pollTimeout(), b.pollTimeout());
            if (next == Clock.NEVER || next > t) break;
            now = Math.max(now, next);
            a.handleTimers(now);
            b.handleTimers(now);
            pump();
        }
        now = t;
        pump();
    }

    void advance(long nanos) {
        runUntil(now + nanos);
    }

    static byte[] ipv4(byte[] src, byte[] dst, int payloadLength, int fill) {
        byte[] p = new byte[20 + payloadLength];
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        for (int i = 20; i < p.length; i++) p[i] = (byte) (fill + i);
        return p;
    }

    boolean aSends(int payloadLength, int fill) {
        byte[] p = ipv4(IP_A, IP_B, payloadLength, fill);
        return a.sendIpPacket(p, 0, p.length, now);
    }

    boolean bSends(int payloadLength, int fill) {
        byte[] p = ipv4(IP_B, IP_A, payloadLength, fill);
        return b.sendIpPacket(p, 0, p.length, now);
    }

    static int type(byte[] datagram) {
        return datagram[0];
    }

    static long count(List<byte[]> datagrams, int type) {
        return datagrams.stream().filter(d -> type(d) == type).count();
    }
}
