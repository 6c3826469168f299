package dev.tabnet.core.control.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Hex;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * A whole ts2021 session byte for byte against values computed by an independent implementation
 * (see the resource's header): the 101-byte initiation and 51-byte response with the version
 * prologue, the handshake hash, and records in both directions with big-endian nonce counters
 * 0, 1, 2 — the part of the record layer the cacophony vectors (little-endian) cannot cover.
 */
class Ts2021KnownAnswerTest {
    private static final Vectors IK = Vectors.load("/vectors/noise_ik.txt");
    private static final Vectors TS = Vectors.load("/vectors/ts2021_session.txt");

    /** Hands out the given 32-byte keys in order (the ephemeral keys of the vector). */
    private static Entropy fixed(byte[]... keys) {
        ArrayDeque<byte[]> q = new ArrayDeque<>(java.util.List.of(keys));
        return (out, off, len) -> System.arraycopy(q.remove(), 0, out, off, len);
    }

    @Test
    void clientSessionMatches() {
        NoiseConn c = NoiseConn.client(IK.hex("init_static"), IK.hex("init_remote_static"), 145, fixed(IK.hex("init_ephemeral")), 0);
        assertEquals(TS.text("initiation"), Hex.encode(c.initiationMessage()));
        c.receive(TS.hex("response"), 1);
        assertEquals(NoiseConn.State.ESTABLISHED, c.state(), c.errorMessage());
        assertEquals(TS.text("handshake_hash"), Hex.encode(c.handshakeHash()));
        for (int i = 0; i < 3; i++) {
            c.send(TS.hex("c2s." + i + ".plaintext"));
            assertEquals(TS.text("c2s." + i + ".record"), Hex.encode(c.takeOutbound()), "client record " + i);
        }
        c.receive(TS.hex("s2c.0.record"), 2);
        c.receive(TS.hex("s2c.1.record"), 3);
        assertArrayEquals(Hex.decode(TS.text("s2c.0.plaintext") + TS.text("s2c.1.plaintext")), c.takePlaintext());
    }

    @Test
    void serverSessionMatches() {
        NoiseConn s = NoiseConn.server(IK.hex("resp_static"), fixed(IK.hex("resp_ephemeral")), 0);
        s.acceptInitiation(TS.hex("initiation"));
        assertEquals(TS.text("response"), Hex.encode(s.takeOutbound()));
        assertEquals(TS.text("handshake_hash"), Hex.encode(s.handshakeHash()));
        assertArrayEquals(dev.tabnet.core.crypto.X25519.publicKey(IK.hex("init_static")), s.peerStatic());
        for (int i = 0; i < 3; i++) s.receive(TS.hex("c2s." + i + ".record"), i);
        assertArrayEquals(Hex.decode(TS.text("c2s.0.plaintext") + TS.text("c2s.1.plaintext") + TS.text("c2s.2.plaintext")), s.takePlaintext());
        for (int i = 0; i < 2; i++) {
            s.send(TS.hex("s2c." + i + ".plaintext"));
            assertEquals(TS.text("s2c." + i + ".record"), Hex.encode(s.takeOutbound()), "server record " + i);
        }
    }
}
