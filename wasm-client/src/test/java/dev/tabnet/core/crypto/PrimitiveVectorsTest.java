package dev.tabnet.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrimitiveVectorsTest {
    private static final Vectors V = Vectors.load("/vectors/primitives.txt");

    @Test
    void x25519Rfc7748AliceAndBob() throws Exception {
        assertArrayEquals(V.hex("x25519.alice.pub"), X25519.publicKey(V.hex("x25519.alice.priv")));
        assertArrayEquals(V.hex("x25519.bob.pub"), X25519.publicKey(V.hex("x25519.bob.priv")));
        assertArrayEquals(V.hex("x25519.shared"), X25519.sharedSecret(V.hex("x25519.alice.priv"), V.hex("x25519.bob.pub")));
        assertArrayEquals(V.hex("x25519.shared"), X25519.sharedSecret(V.hex("x25519.bob.priv"), V.hex("x25519.alice.pub")));
    }

    @Test
    void x25519Rfc7748SingleStep() {
        assertArrayEquals(V.hex("x25519.5_2.out"), X25519.scalarMult(V.hex("x25519.5_2.scalar"), V.hex("x25519.5_2.u")));
    }

    @Test
    void x25519RejectsLowOrderPoint() {
        assertThrows(CryptoException.class, () -> X25519.sharedSecret(V.hex("x25519.alice.priv"), new byte[32]));
    }

    @Test
    void chaCha20Poly1305Rfc8439() throws Exception {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(V.hex("aead.key"));
        byte[] sealed = aead.seal(V.hex("aead.nonce"), V.hex("aead.aad"), V.hex("aead.pt"));
        assertArrayEquals(Bytes.concat(V.hex("aead.ct"), V.hex("aead.tag")), sealed);
        assertArrayEquals(V.hex("aead.pt"), aead.open(V.hex("aead.nonce"), V.hex("aead.aad"), sealed));
        sealed[3] ^= 1;
        assertThrows(CryptoException.class, () -> aead.open(V.hex("aead.nonce"), V.hex("aead.aad"), sealed));
    }

    /** WireGuard's padded seal reads the packet in place; it must equal sealing packet ‖ zeros. */
    @Test
    void paddedSealEqualsSealingTheZeroPaddedPlaintext() throws Exception {
        byte[] key = V.hex("aead.key"), pt = V.hex("aead.pt"), nonce = V.hex("aead.nonce");
        byte[] framed = Bytes.concat(new byte[] {9, 9, 9}, pt); // the packet sits at an offset in its buffer
        for (int padding = 0; padding <= 15; padding++) {
            // Fresh instances: BouncyCastle refuses to encrypt twice under one key and nonce.
            byte[] expected = new ChaCha20Poly1305(key).seal(nonce, null, Bytes.concat(pt, new byte[padding]));
            byte[] out = new byte[5 + expected.length];
            int n = new ChaCha20Poly1305(key).sealPadded(nonce, framed, 3, pt.length, padding, out, 5);
            assertEquals(expected.length, n);
            assertArrayEquals(expected, Arrays.copyOfRange(out, 5, out.length), "padding " + padding);
            assertArrayEquals(Bytes.concat(pt, new byte[padding]), new ChaCha20Poly1305(key).open(nonce, null, expected));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new ChaCha20Poly1305(key).sealPadded(nonce, pt, 0, pt.length, 16, new byte[pt.length + 32], 0));
    }

    @Test
    void blake2sRfc7693() {
        assertArrayEquals(V.hex("blake2s.abc"), Blake2s.hash("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void naclBoxMatchesCReference() throws Exception {
        byte[] priv1 = filled(32, 1), priv2 = filled(32, 2);
        byte[] nonce = filled(24, 4), message = filled(64, 3);
        byte[] key = NaclBox.precompute(priv2, X25519.publicKey(priv1));
        byte[] box = NaclBox.seal(key, nonce, message);
        assertArrayEquals(V.hex("naclbox.box"), box);
        byte[] reverseKey = NaclBox.precompute(priv1, X25519.publicKey(priv2));
        assertArrayEquals(message, NaclBox.open(reverseKey, nonce, box));
        box[20] ^= 0x40;
        assertThrows(CryptoException.class, () -> NaclBox.open(reverseKey, nonce, box));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
