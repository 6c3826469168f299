package dev.tabnet.core.wireguard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.Blake2s;
import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.crypto.XChaCha20Poly1305;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Published values only: WireGuard constants, wireguard-go KDF vectors, BLAKE2s KATs, XChaCha, cacophony IKpsk2. */
class WireGuardVectorsTest {
    private static final Vectors WG = Vectors.load("/vectors/wireguard.txt");
    private static final Vectors B2 = Vectors.load("/vectors/blake2s_keyed.txt");
    private static final Vectors NOISE = Vectors.load("/vectors/noise_ikpsk2.txt");

    @Test
    void initialChainingKeyAndHash() {
        assertArrayEquals(WG.hex("initial_chaining_key"), Handshake.INITIAL.chainingKey);
        assertArrayEquals(WG.hex("initial_hash"), Handshake.INITIAL.hash);
    }

    @Test
    void wireguardGoKdfVectors() {
        for (int i = 0; i < 3; i++) {
            byte[] key = WG.hex("kdf." + i + ".key"), input = WG.hex("kdf." + i + ".input");
            byte[] t0 = WG.hex("kdf." + i + ".t0"), t1 = WG.hex("kdf." + i + ".t1"), t2 = WG.hex("kdf." + i + ".t2");
            byte[][] k3 = Kdf.kdf3(key, input);
            assertArrayEquals(t0, k3[0]);
            assertArrayEquals(t1, k3[1]);
            assertArrayEquals(t2, k3[2]);
            byte[][] k2 = Kdf.kdf2(key, input);
            assertArrayEquals(t0, k2[0]);
            assertArrayEquals(t1, k2[1]);
            assertArrayEquals(t0, Kdf.kdf1(key, input));
        }
    }

    @Test
    void blake2sKeyedKnownAnswers() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) key[i] = (byte) i;
        byte[] input = new byte[255];
        for (int i = 0; i < input.length; i++) input[i] = (byte) i;
        for (int i = 0; i < 256; i++) {
            int n = i; // KAT #i hashes the first i bytes (0..255)
            assertArrayEquals(B2.hex("keyed256." + i), Blake2s.mac(key, 32, input, 0, n), "keyed256 #" + i);
            assertArrayEquals(B2.hex("keyed128." + i), Blake2s.mac(key, 16, input, 0, n), "keyed128 #" + i);
        }
    }

    @Test
    void xchacha20Poly1305DraftA31() throws Exception {
        byte[] out = XChaCha20Poly1305.seal(WG.hex("xchacha.key"), WG.hex("xchacha.nonce"), WG.hex("xchacha.aad"), WG.hex("xchacha.pt"));
        assertArrayEquals(WG.hex("xchacha.out"), out);
        assertArrayEquals(WG.hex("xchacha.pt"), XChaCha20Poly1305.open(WG.hex("xchacha.key"), WG.hex("xchacha.nonce"), WG.hex("xchacha.aad"), out));
        out[0] ^= 1;
        assertThrows(CryptoException.class,
                () -> XChaCha20Poly1305.open(WG.hex("xchacha.key"), WG.hex("xchacha.nonce"), WG.hex("xchacha.aad"), out));
    }

    /**
     * Runs our IKpsk2 message code (the same functions the WireGuard handshake uses, with the
     * vector's prologue, psk and payloads instead of WireGuard's identifier, zero psk and TAI64N)
     * and compares both messages, the handshake hash and the transport messages.
     */
    @Test
    void cacophonyIKpsk2Vector() throws Exception {
        String name = new String(NOISE.hex("protocol_name"), StandardCharsets.US_ASCII);
        assertEquals(WireGuardConstants.NOISE_CONSTRUCTION, name);
        byte[] prologue = NOISE.hex("init_prologue"), psk = NOISE.hex("psk");
        byte[] iStatic = NOISE.hex("init_static"), iEph = NOISE.hex("init_ephemeral");
        byte[] rStatic = NOISE.hex("resp_static"), rEph = NOISE.hex("resp_ephemeral");
        byte[] rStaticPub = NOISE.hex("init_remote_static");
        assertArrayEquals(rStaticPub, X25519.publicKey(rStatic));

        // Initiator writes message 1.
        NoiseState ini = NoiseState.initial(name, prologue);
        ini.mixHash(rStaticPub);
        byte[] p0 = NOISE.hex("msg0.payload");
        byte[] m0 = new byte[NoiseIKpsk2.initiationLength(p0.length)];
        NoiseIKpsk2.writeInitiation(Dh.X25519_DH, ini, X25519.publicKey(iStatic), iEph, rStaticPub, X25519.sharedSecret(iStatic, rStaticPub), p0, m0, 0);
        assertArrayEquals(NOISE.hex("msg0.ciphertext"), m0);

        // Responder reads it.
        NoiseState res = NoiseState.initial(name, prologue);
        res.mixHash(X25519.publicKey(rStatic));
        NoiseIKpsk2.Initiation in = NoiseIKpsk2.readInitiation(Dh.X25519_DH, res, rStatic, m0, 0, m0.length);
        assertArrayEquals(X25519.publicKey(iStatic), in.remoteStatic);
        assertArrayEquals(p0, in.payload);

        // Responder writes message 2, initiator reads it.
        byte[] p1 = NOISE.hex("msg1.payload");
        byte[] m1 = new byte[NoiseIKpsk2.responseLength(p1.length)];
        NoiseIKpsk2.writeResponse(Dh.X25519_DH, res, rEph, in.remoteEphemeral, in.remoteStatic, psk, p1, m1, 0);
        assertArrayEquals(NOISE.hex("msg1.ciphertext"), m1);
        assertArrayEquals(p1, NoiseIKpsk2.readResponse(Dh.X25519_DH, ini, iStatic, iEph, psk, m1, 0, m1.length));
        assertArrayEquals(NOISE.hex("handshake_hash"), ini.hash);
        assertArrayEquals(NOISE.hex("handshake_hash"), res.hash);

        // Transport: messages alternate initiator->responder (first split key) and back, each side
        // counting from 0 with WireGuard's little-endian nonce.
        byte[][] keys = ini.split();
        assertArrayEquals(keys[0], res.split()[0]);
        for (int i = 2; i < 6; i++) {
            byte[] key = i % 2 == 0 ? keys[0] : keys[1];
            long counter = (i - 2) / 2;
            byte[] ct = new ChaCha20Poly1305(key).seal(ChaCha20Poly1305.nonceLittleEndian(counter), null, NOISE.hex("msg" + i + ".payload"));
            assertArrayEquals(NOISE.hex("msg" + i + ".ciphertext"), ct, "transport message " + i);
        }
    }

    @Test
    void tai64nLayout() {
        // 2^62 + 10 + seconds, then nanoseconds with the low 24 bits cleared (wireguard-go whitening).
        byte[] t = Tai64n.fromUnixNanos(1_700_000_000L * 1_000_000_000L + 123_456_789L);
        assertEquals(0x400000000000000aL + 1_700_000_000L, Bytes.i64be(t, 0));
        assertEquals(123_456_789 & ~0xffffff, Bytes.i32be(t, 8));
        byte[] later = Tai64n.fromUnixNanos(1_700_000_000L * 1_000_000_000L + 140_000_000L);
        assertTrue(Tai64n.after(later, t));
        assertFalse(Tai64n.after(t, later));
        assertFalse(Tai64n.after(t, t));
        assertEquals(Tai64n.SIZE, t.length);
    }
}
