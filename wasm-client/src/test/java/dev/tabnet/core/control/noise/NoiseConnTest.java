package dev.tabnet.core.control.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ts2021 connection in both roles: layouts, round trips, and every rejection path. */
class NoiseConnTest {
    private static final int VERSION = 145;
    private final SeededEntropy entropy = new SeededEntropy(42);
    private final MachineKey machine = MachineKey.generate(entropy);
    private final MachineKey control = MachineKey.generate(entropy);

    private NoiseConn newClient() {
        return NoiseConn.client(machine.privateKey(), control.publicKey(), VERSION, entropy, 0);
    }

    private NoiseConn newServer() {
        return NoiseConn.server(control.privateKey(), entropy, 0);
    }

    /** Client and server after a handshake carried on the stream (as controlbase.Client does). */
    private NoiseConn[] established() {
        NoiseConn c = newClient();
        NoiseConn s = newServer();
        s.receive(c.initiationMessage(), 1);
        c.receive(s.takeOutbound(), 2);
        assertEquals(NoiseConn.State.ESTABLISHED, c.state(), c.errorMessage());
        assertEquals(NoiseConn.State.ESTABLISHED, s.state(), s.errorMessage());
        return new NoiseConn[] {c, s};
    }

    @Test
    void initiationAndResponseLayouts() {
        NoiseConn c = newClient();
        byte[] init = c.initiationMessage();
        assertEquals(101, init.length);
        assertEquals(VERSION, Bytes.u16be(init, 0));
        assertEquals(Messages.msgTypeInitiation, init[2]);
        assertEquals(96, Bytes.u16be(init, 3));
        NoiseConn s = newServer();
        s.acceptInitiation(init);
        byte[] resp = s.takeOutbound();
        assertEquals(51, resp.length);
        assertEquals(Messages.msgTypeResponse, resp[0]);
        assertEquals(48, Bytes.u16be(resp, 1));
        assertEquals(VERSION, s.protocolVersion());
        assertArrayEquals(machine.publicKey(), s.peerStatic(), "server learns the client's machine key");
    }

    @Test
    void roundTripBothDirectionsWithSameHandshakeHash() {
        NoiseConn[] p = established();
        NoiseConn c = p[0], s = p[1];
        assertArrayEquals(c.handshakeHash(), s.handshakeHash());
        c.send("hello control".getBytes(StandardCharsets.UTF_8));
        s.receive(c.takeOutbound(), 3);
        assertEquals("hello control", new String(s.takePlaintext(), StandardCharsets.UTF_8));
        s.send("hello machine".getBytes(StandardCharsets.UTF_8));
        c.receive(s.takeOutbound(), 4);
        assertEquals("hello machine", new String(c.takePlaintext(), StandardCharsets.UTF_8));
    }

    @Test
    void clientWritesBeforeTheResponseAreSentAfterIt() {
        NoiseConn c = newClient();
        NoiseConn s = newServer();
        c.send("early".getBytes(StandardCharsets.UTF_8));
        assertTrue(!c.hasOutbound(), "nothing can be encrypted before the handshake ends");
        s.acceptInitiation(c.initiationMessage());
        c.receive(s.takeOutbound(), 1);
        s.receive(c.takeOutbound(), 2);
        assertEquals("early", new String(s.takePlaintext(), StandardCharsets.UTF_8));
    }

    @Test
    void serverWritesBeforeTheInitiationFollowTheResponse() {
        NoiseConn c = newClient();
        NoiseConn s = newServer();
        s.send("hello".getBytes(StandardCharsets.UTF_8));
        assertTrue(!s.hasOutbound());
        s.receive(c.initiationMessage(), 1);
        byte[] out = s.takeOutbound();
        assertEquals(Messages.RESPONSE_LEN + 3 + 5 + 16, out.length, "response, then one record");
        c.receive(out, 2);
        assertEquals("hello", new String(c.takePlaintext(), StandardCharsets.UTF_8));
    }

    @Test
    void largeWritesAreSplitIntoMaximalRecordsAndReassembledFromAnyChunking() {
        NoiseConn[] p = established();
        byte[] data = new byte[100_000];
        new SplittableRandom(7).nextBytes(data);
        p[0].send(data);
        byte[] wire = p[0].takeOutbound();
        // Walk the records: each at most 4096 bytes, all full except the last.
        List<Integer> sizes = new ArrayList<>();
        for (int off = 0; off < wire.length; ) {
            assertEquals(Messages.msgTypeRecord, wire[off]);
            int len = Bytes.u16be(wire, off + 1);
            sizes.add(3 + len);
            off += 3 + len;
        }
        int full = data.length / Messages.maxPlaintextSize;
        assertEquals(full + 1, sizes.size());
        for (int i = 0; i < full; i++) assertEquals(4096, (int) sizes.get(i));
        assertEquals(3 + data.length % Messages.maxPlaintextSize + 16, (int) sizes.get(full));
        // Deliver in odd-sized pieces (a byte stream, e.g. WebSocket messages of any size).
        SplittableRandom r = new SplittableRandom(9);
        for (int off = 0; off < wire.length; ) {
            int n = Math.min(wire.length - off, 1 + r.nextInt(5000));
            p[1].receive(wire, off, n, 5);
            off += n;
        }
        assertArrayEquals(data, p[1].takePlaintext());
        assertEquals(NoiseConn.State.ESTABLISHED, p[1].state());
    }

    @Test
    void outboundCanBeTakenInWebSocketSizedPieces() {
        NoiseConn[] p = established();
        byte[] data = new byte[100_000];
        new SplittableRandom(3).nextBytes(data);
        p[0].send(data);
        int messages = 0;
        while (p[0].hasOutbound()) {
            byte[] m = p[0].takeOutbound(NoiseConn.MAX_WEBSOCKET_MESSAGE);
            assertTrue(m.length <= 32 * 1024);
            p[1].receive(m, 1);
            messages++;
        }
        assertEquals(4, messages, "100 000 bytes + record overhead in 32 KiB messages");
        assertArrayEquals(data, p[1].takePlaintext());
    }

    @Test
    void wrongControlKeyFailsTheServerHandshakeWithoutAnswer() {
        MachineKey other = MachineKey.generate(entropy);
        NoiseConn c = NoiseConn.client(machine.privateKey(), other.publicKey(), VERSION, entropy, 0);
        NoiseConn s = newServer();
        s.acceptInitiation(c.initiationMessage());
        assertEquals(NoiseConn.State.FAILED, s.state());
        assertEquals(NoiseError.HANDSHAKE_FAILED, s.error());
        assertEquals(0, s.takeOutbound().length, "decrypt failures get no error message, as in controlbase");
    }

    @Test
    void tamperedInitiationBytesAreRejected() {
        byte[] init = newClient().initiationMessage();
        for (int pos = 5; pos < init.length; pos += 7) {
            byte[] t = init.clone();
            t[pos] ^= 0x01;
            NoiseConn s = newServer();
            s.acceptInitiation(t);
            assertEquals(NoiseError.HANDSHAKE_FAILED, s.error(), "flip at " + pos);
        }
    }

    @Test
    void headerVersionMustMatchTheClientsPrologue() {
        byte[] init = newClient().initiationMessage();
        Bytes.put16be(init, 0, VERSION + 1);
        NoiseConn s = newServer();
        s.acceptInitiation(init);
        assertEquals(NoiseError.HANDSHAKE_FAILED, s.error());
    }

    @Test
    void malformedInitiationGetsAnErrorMessage() {
        NoiseConn s = newServer();
        s.acceptInitiation(new byte[100]);
        assertEquals(NoiseError.WRONG_INITIATION_SIZE, s.error());
        byte[] m = s.takeOutbound();
        assertEquals(Messages.msgTypeError, m[0]);
        assertEquals("wrong handshake initiation size", new String(m, 3, Bytes.u16be(m, 1), StandardCharsets.UTF_8));

        byte[] badType = newClient().initiationMessage();
        badType[2] = 9;
        NoiseConn s2 = newServer();
        s2.receive(badType, 0);
        assertEquals(NoiseError.UNEXPECTED_MESSAGE_TYPE, s2.error());
        assertEquals(Messages.msgTypeError, s2.takeOutbound()[0]);

        byte[] badLen = newClient().initiationMessage();
        Bytes.put16be(badLen, 3, 95);
        NoiseConn s3 = newServer();
        s3.acceptInitiation(badLen);
        assertEquals(NoiseError.WRONG_LENGTH, s3.error());
    }

    @Test
    void clientReportsServerErrorText() {
        NoiseConn s = newServer();
        s.acceptInitiation(new byte[3]);
        NoiseConn c = newClient();
        byte[] err = s.takeOutbound();
        c.receive(err, 0, 4, 1); // partial: still waiting
        assertEquals(NoiseConn.State.HANDSHAKING, c.state());
        c.receive(err, 4, err.length - 4, 1);
        assertEquals(NoiseError.SERVER_ERROR, c.error());
        assertTrue(c.errorMessage().contains("wrong handshake initiation size"), c.errorMessage());
    }

    @Test
    void tamperedOrForeignResponseIsRejected() {
        NoiseConn c = newClient();
        NoiseConn s = newServer();
        s.acceptInitiation(c.initiationMessage());
        byte[] resp = s.takeOutbound();
        resp[40] ^= 0x80;
        c.receive(resp, 0);
        assertEquals(NoiseError.HANDSHAKE_FAILED, c.error());

        NoiseConn c2 = newClient();
        byte[] wrongLen = new byte[51];
        wrongLen[0] = Messages.msgTypeResponse;
        Bytes.put16be(wrongLen, 1, 47);
        c2.receive(wrongLen, 0);
        assertEquals(NoiseError.WRONG_LENGTH, c2.error());

        NoiseConn c3 = newClient();
        c3.receive(new byte[] {Messages.msgTypeRecord, 0, 48}, 0);
        assertEquals(NoiseError.UNEXPECTED_MESSAGE_TYPE, c3.error());
    }

    @Test
    void tamperedRecordKillsTheConnectionButKeepsEarlierData() {
        NoiseConn[] p = established();
        p[0].send("first".getBytes(StandardCharsets.UTF_8));
        p[0].send("second".getBytes(StandardCharsets.UTF_8));
        byte[] wire = p[0].takeOutbound();
        wire[wire.length - 1] ^= 0x01; // last byte of the second record's tag
        p[1].receive(wire, 1);
        assertEquals(NoiseError.RECORD_AUTH_FAILED, p[1].error());
        assertEquals("record authentication failed (record 1)", p[1].errorMessage());
        assertEquals("first", new String(p[1].takePlaintext(), StandardCharsets.UTF_8));
        p[1].receive(new byte[] {4, 0, 20}, 2); // ignored once failed
        assertEquals(NoiseError.RECORD_AUTH_FAILED, p[1].error());
    }

    @Test
    void replayedRecordIsRejected() {
        NoiseConn[] p = established();
        p[0].send("once".getBytes(StandardCharsets.UTF_8));
        byte[] record = p[0].takeOutbound();
        p[1].receive(record, 1);
        assertEquals("once", new String(p[1].takePlaintext(), StandardCharsets.UTF_8));
        p[1].receive(record, 2);
        assertEquals(NoiseError.RECORD_AUTH_FAILED, p[1].error(), "the receive counter moved on, so the same record no longer opens");
        assertEquals(0, p[1].availablePlaintext());
    }

    @Test
    void reorderedRecordsAreRejected() {
        NoiseConn[] p = established();
        p[0].send("a".getBytes(StandardCharsets.UTF_8));
        byte[] r0 = p[0].takeOutbound();
        p[0].send("b".getBytes(StandardCharsets.UTF_8));
        byte[] r1 = p[0].takeOutbound();
        p[1].receive(r1, 1);
        assertEquals(NoiseError.RECORD_AUTH_FAILED, p[1].error());
        assertNotNull(r0);
    }

    @Test
    void oversizedAndForeignRecordsAreRejected() {
        NoiseConn[] p = established();
        p[1].receive(new byte[] {Messages.msgTypeRecord, 0x0f, (byte) 0xfe}, 1); // 3 + 4094 > 4096
        assertEquals(NoiseError.RECORD_TOO_BIG, p[1].error());
        assertEquals("record exceeds the maximum Noise frame size (4097 > 4096 bytes)", p[1].errorMessage());

        NoiseConn[] q = established();
        q[0].receive(new byte[] {Messages.msgTypeError, 0, 1, 'x'}, 1);
        assertEquals(NoiseError.UNEXPECTED_RECORD_TYPE, q[0].error());

        NoiseConn[] r = established();
        r[0].receive(new byte[] {Messages.msgTypeRecord, 0, 15, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 1);
        assertEquals(NoiseError.RECORD_AUTH_FAILED, r[0].error());
    }

    @Test
    void maximumRecordIsAccepted() {
        NoiseConn[] p = established();
        byte[] data = new byte[Messages.maxPlaintextSize];
        p[0].send(data);
        byte[] wire = p[0].takeOutbound();
        assertEquals(4096, wire.length);
        p[1].receive(wire, 1);
        assertEquals(Messages.maxPlaintextSize, p[1].availablePlaintext());
    }

    @Test
    void counterExhaustionEndsTheDirection() {
        NoiseConn[] p = established();
        p[0].jumpCountersForTest(CipherState.INVALID_NONCE - 1, 0);
        p[1].jumpCountersForTest(0, CipherState.INVALID_NONCE - 1);
        p[0].send(new byte[] {1});
        p[1].receive(p[0].takeOutbound(), 1);
        assertEquals(1, p[1].takePlaintext().length, "counter 2^64-2 is the last valid one");
        p[0].send(new byte[] {2});
        assertEquals(NoiseError.CIPHER_EXHAUSTED, p[0].error());
        assertEquals(0, p[0].takeOutbound().length);
        p[1].receive(new byte[] {4, 0, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 2);
        assertEquals(NoiseError.CIPHER_EXHAUSTED, p[1].error());
    }

    @Test
    void handshakeTimesOut() {
        NoiseConn c = NoiseConn.client(machine.privateKey(), control.publicKey(), VERSION, entropy, 1_000, 5_000);
        assertEquals(6_000, c.nextDeadline());
        c.poll(5_999);
        assertEquals(NoiseConn.State.HANDSHAKING, c.state());
        c.poll(6_000);
        assertEquals(NoiseError.HANDSHAKE_TIMEOUT, c.error());
        assertEquals(Long.MAX_VALUE, c.nextDeadline());
        NoiseConn[] p = established();
        assertEquals(Long.MAX_VALUE, p[0].nextDeadline());
    }

    @Test
    void lowOrderControlKeyIsRefusedAtConstruction() {
        NoiseConn c = NoiseConn.client(machine.privateKey(), new byte[32], VERSION, entropy, 0);
        assertEquals(NoiseError.HANDSHAKE_FAILED, c.error());
        assertNull(c.initiationMessage());
    }

    @Test
    void randomInputNeverThrows() {
        SplittableRandom r = new SplittableRandom(1234);
        for (int i = 0; i < 2000; i++) {
            NoiseConn target = switch (i % 3) {
                case 0 -> newServer();
                case 1 -> newClient();
                default -> established()[i % 2];
            };
            byte[] junk = new byte[r.nextInt(200)];
            r.nextBytes(junk);
            if (junk.length > 0 && r.nextBoolean()) junk[0] = (byte) (1 + r.nextInt(4)); // plausible types
            target.receive(junk, i);
            if (target.state() == NoiseConn.State.FAILED) assertNotNull(target.error());
        }
    }
}
