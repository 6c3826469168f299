package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared by the WireGuard fuzz targets: one recorded, deterministic session between A and B
 * ({@link TwoDevices}), fresh devices that replay into exactly the state the recording had, and the
 * engine contract checked after every datagram.
 */
final class WireGuardFuzzHarness {
    static final long NOW = 1_000L * 1_000_000_000L;
    static final byte[] A_PRIV, B_PRIV, A_PUB, B_PUB;
    /** A to B: initiation, then transport messages; B to A: response, then transports; B's cookie reply to the initiation. */
    static final byte[] INITIATION, RESPONSE, COOKIE_REPLY;
    static final List<byte[]> A_TO_B_TRANSPORT = new ArrayList<>(), B_TO_A_TRANSPORT = new ArrayList<>();
    /** Every IP packet either side ever sent in the recording: the only ones a receiver may deliver. */
    static final List<byte[]> SENT_PACKETS = new ArrayList<>();
    static final byte[] FIRST_PACKET_A = TwoDevices.ipv4(TwoDevices.IP_A, TwoDevices.IP_B, 100, 7);

    static {
        SeededEntropy keys = new SeededEntropy(42); // as TwoDevices
        A_PRIV = X25519.generatePrivateKey(keys);
        B_PRIV = X25519.generatePrivateKey(keys);
        TwoDevices t = new TwoDevices();
        A_PUB = t.aPub;
        B_PUB = t.bPub;
        byte[][] fromA = {FIRST_PACKET_A, TwoDevices.ipv4(TwoDevices.IP_A, TwoDevices.IP_B, 0, 9)};
        byte[][] fromB = {TwoDevices.ipv4(TwoDevices.IP_B, TwoDevices.IP_A, 80, 5), TwoDevices.ipv4(TwoDevices.IP_B, TwoDevices.IP_A, 1300, 1)};
        t.a.sendIpPacket(fromA[0], 0, fromA[0].length, t.now);
        t.pump();
        t.a.sendIpPacket(fromA[1], 0, fromA[1].length, t.now);
        for (byte[] p : fromB) t.b.sendIpPacket(p, 0, p.length, t.now);
        t.pump();
        if (t.now != NOW) throw new AssertionError("recording clock moved");
        INITIATION = first(t.aToB, MESSAGE_INITIATION_TYPE);
        RESPONSE = first(t.bToA, MESSAGE_RESPONSE_TYPE);
        for (byte[] d : t.aToB) if (TwoDevices.type(d) == MESSAGE_TRANSPORT_TYPE) A_TO_B_TRANSPORT.add(d);
        for (byte[] d : t.bToA) if (TwoDevices.type(d) == MESSAGE_TRANSPORT_TYPE) B_TO_A_TRANSPORT.add(d);
        for (byte[][] ps : new byte[][][] {fromA, fromB}) for (byte[] p : ps) SENT_PACKETS.add(p);
        WireGuardConfig loaded = new WireGuardConfig();
        loaded.loadCondition = now -> true;
        WireGuardDevice busy = responder(loaded);
        busy.handleDatagram(INITIATION, 0, INITIATION.length, "A", NOW);
        COOKIE_REPLY = busy.pollDatagram().data;
        if (A_TO_B_TRANSPORT.size() < 2 || B_TO_A_TRANSPORT.size() < 2 || TwoDevices.type(COOKIE_REPLY) != MESSAGE_COOKIE_REPLY_TYPE) {
            throw new AssertionError("unexpected recording");
        }
    }

    private static byte[] first(List<byte[]> ds, int type) {
        for (byte[] d : ds) if (TwoDevices.type(d) == type) return d;
        throw new AssertionError("no message of type " + type);
    }

    /** B as in the recording before anything arrived (same keys, same entropy stream). */
    static WireGuardDevice responder(WireGuardConfig config) {
        config.dh = MemoizedDh.INSTANCE;
        WireGuardDevice b = new WireGuardDevice(B_PRIV, new SeededEntropy(2), config);
        b.setUnixTimeOffsetNanos(1_700_000_000L * 1_000_000_000L);
        b.addPeer(A_PUB);
        b.addAllowedIp(A_PUB, TwoDevices.IP_A, 32);
        b.setEndpoint(A_PUB, "A");
        return b;
    }

    /** A as in the recording right after it sent the initiation (its first packet waits for the handshake). */
    static WireGuardDevice initiator() {
        WireGuardConfig config = new WireGuardConfig();
        config.dh = MemoizedDh.INSTANCE;
        WireGuardDevice a = new WireGuardDevice(A_PRIV, new SeededEntropy(1), config);
        a.setUnixTimeOffsetNanos(1_700_000_000L * 1_000_000_000L);
        a.addPeer(B_PUB);
        a.addAllowedIp(B_PUB, TwoDevices.IP_B, 32);
        a.setEndpoint(B_PUB, "B");
        a.sendIpPacket(FIRST_PACKET_A, 0, FIRST_PACKET_A.length, NOW);
        OutgoingDatagram init = a.pollDatagram();
        if (init == null || !java.util.Arrays.equals(init.data, INITIATION)) throw new AssertionError("initiator replay diverged");
        return a;
    }

    /** Recomputes mac1 of a handshake message as the receiver (public key receiverPub) checks it. */
    static void fixMac1(byte[] msg, byte[] receiverPub) {
        if (msg.length != MESSAGE_INITIATION_SIZE && msg.length != MESSAGE_RESPONSE_SIZE) return;
        int off = msg.length == MESSAGE_INITIATION_SIZE ? Messages.INITIATION_MAC1 : Messages.RESPONSE_MAC1;
        byte[] key = Kdf.hash(WG_LABEL_MAC1.getBytes(StandardCharsets.US_ASCII), receiverPub);
        System.arraycopy(Kdf.mac(key, msg, 0, off), 0, msg, off, Kdf.MAC_SIZE);
    }

    /** Feeds one datagram and checks what the engine promises about it and about its output. */
    static final class Checked {
        final WireGuardDevice device;
        final List<byte[]> delivered = new ArrayList<>();
        long now = NOW;

        Checked(WireGuardDevice device) {
            this.device = device;
        }

        void deliver(byte[] d, Object endpoint) {
            long before = totalDrops();
            device.handleDatagram(d, 0, d.length, endpoint, now); // documented: never throws
            long after = totalDrops();
            assertTrue(after - before <= 1, () -> "one datagram counted " + (after - before) + " drops: " + device.dropSummary());
            settle();
        }

        void advance(long nanos) {
            now += nanos;
            settle();
        }

        /** Runs due timers until none is due; a timer that stays due would spin a driver forever. */
        void settle() {
            for (int i = 0; ; i++) {
                if (i >= 100) fail("timers stay due at " + now);
                if (device.pollTimeout() > now) break;
                device.handleTimers(now);
                drain();
            }
            drain();
            assertEquals(0, device.dropCount(DropReason.INTERNAL_ERROR), () -> "an exception inside the engine: " + device.dropSummary());
        }

        private void drain() {
            for (ReceivedPacket p; (p = device.pollIpPacket()) != null; ) {
                assertNotNull(p.peerPublicKey);
                assertTrue(IpHeader.totalLength(p.packet, p.packet.length) == p.packet.length, "delivered a malformed IP packet");
                boolean known = false;
                for (byte[] s : SENT_PACKETS) known |= java.util.Arrays.equals(s, p.packet);
                assertTrue(known, "delivered a packet nobody sent (forged or corrupted)");
                delivered.add(p.packet);
            }
            for (OutgoingDatagram d; (d = device.pollDatagram()) != null; ) {
                int type = TwoDevices.type(d.data);
                switch (type) {
                    case MESSAGE_INITIATION_TYPE: assertEquals(MESSAGE_INITIATION_SIZE, d.data.length); break;
                    case MESSAGE_RESPONSE_TYPE: assertEquals(MESSAGE_RESPONSE_SIZE, d.data.length); break;
                    case MESSAGE_COOKIE_REPLY_TYPE: assertEquals(MESSAGE_COOKIE_REPLY_SIZE, d.data.length); break;
                    case MESSAGE_TRANSPORT_TYPE:
                        int length = d.data.length;
                        assertTrue(length >= MESSAGE_TRANSPORT_SIZE && (length - MESSAGE_TRANSPORT_SIZE) % 16 == 0,
                                () -> "transport of " + length + " octets is not padded to 16");
                        break;
                    default: throw new AssertionError("emitted message type " + type);
                }
                assertTrue(d.data[1] == 0 && d.data[2] == 0 && d.data[3] == 0, "reserved bytes set");
            }
        }

        private static final DropReason[] REASONS = DropReason.values();

        private long totalDrops() {
            long n = 0;
            for (DropReason r : REASONS) n += device.dropCount(r);
            return n;
        }
    }
}
