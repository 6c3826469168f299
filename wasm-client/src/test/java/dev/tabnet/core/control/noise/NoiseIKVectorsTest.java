package dev.tabnet.core.control.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Hex;
import org.junit.jupiter.api.Test;

/**
 * The generic Noise IK core against the published cacophony vector, and the ts2021 initial / post-prologue
 * hashes from the protocols reference (§3.4).
 */
class NoiseIKVectorsTest {
    private static final Vectors V = Vectors.load("/vectors/noise_ik.txt");

    @Test
    void handshakeMessagesAndHashMatchCacophony() throws CryptoException {
        NoiseIK initiator = NoiseIK.initiator(V.hex("init_prologue"), V.hex("init_static"), V.hex("init_ephemeral"), V.hex("init_remote_static"));
        NoiseIK responder = NoiseIK.responder(V.hex("init_prologue"), V.hex("resp_static"), V.hex("resp_ephemeral"));

        byte[] m0 = initiator.writeMessage1(V.hex("msg0.payload"));
        assertEquals(Hex.encode(V.hex("msg0.ciphertext")), Hex.encode(m0));
        assertArrayEquals(V.hex("msg0.payload"), responder.readMessage1(m0));
        assertArrayEquals(dev.tabnet.core.crypto.X25519.publicKey(V.hex("init_static")), responder.remoteStatic());

        byte[] m1 = responder.writeMessage2(V.hex("msg1.payload"));
        assertEquals(Hex.encode(V.hex("msg1.ciphertext")), Hex.encode(m1));
        assertArrayEquals(V.hex("msg1.payload"), initiator.readMessage2(m1));

        NoiseIK.Transport it = initiator.split(CipherState.NonceEncoding.LITTLE_ENDIAN);
        NoiseIK.Transport rt = responder.split(CipherState.NonceEncoding.LITTLE_ENDIAN);
        assertEquals(V.text("handshake_hash"), Hex.encode(it.handshakeHash()));
        assertEquals(V.text("handshake_hash"), Hex.encode(rt.handshakeHash()));

        // Transport: messages alternate initiator, responder, initiator, ... with per-direction counters.
        for (int i = 2; i <= 5; i++) {
            NoiseIK.Transport sender = i % 2 == 0 ? it : rt;
            NoiseIK.Transport receiver = i % 2 == 0 ? rt : it;
            byte[] c = sender.send.encrypt(V.hex("msg" + i + ".payload"));
            assertEquals(V.text("msg" + i + ".ciphertext"), Hex.encode(c), "transport message " + i);
            assertArrayEquals(V.hex("msg" + i + ".payload"), receiver.receive.decrypt(c));
        }
    }

    @Test
    void bigEndianNoncesMatchOnlyAtCounterZero() throws CryptoException {
        NoiseIK initiator = NoiseIK.initiator(V.hex("init_prologue"), V.hex("init_static"), V.hex("init_ephemeral"), V.hex("init_remote_static"));
        NoiseIK responder = NoiseIK.responder(V.hex("init_prologue"), V.hex("resp_static"), V.hex("resp_ephemeral"));
        responder.readMessage1(initiator.writeMessage1(V.hex("msg0.payload")));
        initiator.readMessage2(responder.writeMessage2(V.hex("msg1.payload")));
        NoiseIK.Transport it = initiator.split(CipherState.NonceEncoding.BIG_ENDIAN);
        NoiseIK.Transport rt = responder.split(CipherState.NonceEncoding.BIG_ENDIAN);
        assertEquals(V.text("msg2.ciphertext"), Hex.encode(it.send.encrypt(V.hex("msg2.payload"))));
        assertEquals(V.text("msg3.ciphertext"), Hex.encode(rt.send.encrypt(V.hex("msg3.payload"))));
        // Counter 1: ts2021's big-endian nonce differs from the spec's little-endian one.
        assertFalse(V.text("msg4.ciphertext").equals(Hex.encode(it.send.encrypt(V.hex("msg4.payload")))));
        assertFalse(V.text("msg5.ciphertext").equals(Hex.encode(rt.send.encrypt(V.hex("msg5.payload")))));
    }

    @Test
    void ts2021InitialAndPrologueHashes() {
        SymmetricState s = new SymmetricState(NoiseIK.PROTOCOL_NAME);
        assertEquals(V.text("ts2021.h0"), Hex.encode(s.handshakeHash()));
        s.mixHash(Messages.protocolVersionPrologue(145));
        assertEquals(V.text("ts2021.h_after_prologue_v145"), Hex.encode(s.handshakeHash()));
        assertEquals("Tailscale Control Protocol v145", new String(Messages.protocolVersionPrologue(145), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void tamperedMessage1IsRejectedByTheResponder() throws CryptoException {
        byte[] m0 = NoiseIK.initiator(V.hex("init_prologue"), V.hex("init_static"), V.hex("init_ephemeral"), V.hex("init_remote_static"))
                .writeMessage1(V.hex("msg0.payload"));
        for (int pos : new int[] {0, 40, 70, m0.length - 1}) {
            byte[] t = m0.clone();
            t[pos] ^= 1;
            NoiseIK responder = NoiseIK.responder(V.hex("init_prologue"), V.hex("resp_static"), V.hex("resp_ephemeral"));
            org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class, () -> responder.readMessage1(t), "flip at " + pos);
        }
    }
}
