package dev.tabnet.core.disco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerpDiscoResponderTest {
    private static final Vectors NACL = Vectors.load("/vectors/primitives.txt");
    private final SeededEntropy entropy = new SeededEntropy(3);
    private final byte[] ourDisco = X25519.generatePrivateKey(entropy);
    private final byte[] peerDisco = X25519.generatePrivateKey(entropy);
    private final byte[] peerNode = X25519.publicKey(X25519.generatePrivateKey(entropy));
    private final byte[] tx = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void wrapperOpensTheGolangNaclBoxVector() throws Exception {
        // golang.org/x/crypto nacl/box TestBox: Seal(03*64, nonce 04*24, pub(01*32), priv 02*32).
        byte[] priv1 = filled(32, 1), priv2 = filled(32, 2);
        byte[] packet = Bytes.concat(DiscoConstants.MAGIC, X25519.publicKey(priv2), filled(24, 4), NACL.hex("naclbox.box"));
        DiscoBox.Opened o = new DiscoBox(priv1).open(packet);
        assertArrayEquals(filled(64, 3), o.plaintext);
        assertArrayEquals(X25519.publicKey(priv2), o.senderDiscoKey);
    }

    @Test
    void pingOverDerpIsAnsweredWithPongFromTheDerpMagicAddress() throws Exception {
        DerpDiscoResponder r = new DerpDiscoResponder(ourDisco, 999, entropy);
        DiscoBox peer = new DiscoBox(peerDisco);
        byte[] ping = peer.seal(r.discoPublicKey(), new DiscoMessage.Ping(tx, peerNode, 0).marshal(), entropy);
        assertTrue(DiscoConstants.looksLikeDiscoWrapper(ping));
        DerpDiscoResponder.Result res = r.onDerpPacket(peerNode, ping);
        assertInstanceOf(DiscoMessage.Ping.class, res.message);
        DiscoBox.Opened reply = peer.open(res.reply);
        assertArrayEquals(r.discoPublicKey(), reply.senderDiscoKey);
        DiscoMessage.Pong pong = (DiscoMessage.Pong) DiscoMessage.parse(reply.plaintext);
        assertArrayEquals(tx, pong.txId);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 3, 3, 40}, pong.ip16);
        assertEquals(999, pong.port);
        assertEquals(1, r.pingsAnswered());
    }

    /**
     * DiscoFuzzTest's finding (corpus file crash-sender-key-high-bit): with the top bit of the
     * sender key flipped, X25519 ignores the bit and the box still opened, so a packet changed in
     * its sender's identity was answered. Such a key is now refused before the box is opened.
     */
    @Test
    void aSenderKeyWithItsTopBitFlippedIsDropped() throws Exception {
        DerpDiscoResponder r = new DerpDiscoResponder(ourDisco, 1, entropy);
        byte[] ping = new DiscoBox(peerDisco).seal(r.discoPublicKey(), new DiscoMessage.Ping(tx, peerNode, 0).marshal(), entropy);
        int lastKeyByte = DiscoConstants.MAGIC.length + DiscoConstants.KEY_LEN - 1;
        ping[lastKeyByte] ^= (byte) 0x80;
        assertNull(r.onDerpPacket(peerNode, ping));
        assertTrue(r.lastDropReason().contains("canonical"), r.lastDropReason());
    }

    @Test
    void canonicalX25519KeysAreThoseBelowP() {
        byte[] pMinus1 = filled(32, 0xff), p = filled(32, 0xff);
        pMinus1[0] = (byte) 0xec;
        pMinus1[31] = 0x7f;
        p[0] = (byte) 0xed;
        p[31] = 0x7f;
        assertTrue(X25519.isCanonical(pMinus1));
        assertFalse(X25519.isCanonical(p));
        assertTrue(X25519.isCanonical(X25519.publicKey(peerDisco)));
        byte[] highBit = X25519.publicKey(peerDisco);
        highBit[31] |= (byte) 0x80;
        assertFalse(X25519.isCanonical(highBit));
        assertFalse(X25519.isCanonical(new byte[31]));
    }

    @Test
    void callMeMaybeIsIgnoredAndBadPacketsAreCounted() throws Exception {
        DerpDiscoResponder r = new DerpDiscoResponder(ourDisco, 1, entropy);
        DiscoBox peer = new DiscoBox(peerDisco);
        byte[] cmm = peer.seal(r.discoPublicKey(), new DiscoMessage.CallMeMaybe(List.of()).marshal(), entropy);
        DerpDiscoResponder.Result res = r.onDerpPacket(peerNode, cmm);
        assertNull(res.reply);
        assertEquals(1, r.callMeMaybeIgnored());

        byte[] tampered = cmm.clone();
        tampered[tampered.length - 1] ^= 1;
        assertNull(r.onDerpPacket(peerNode, tampered));
        assertTrue(r.lastDropReason().contains("does not open"), r.lastDropReason());
        assertNull(r.onDerpPacket(peerNode, Arrays.copyOf(DiscoConstants.MAGIC, 40)));
        assertEquals(2, r.dropped());

        r.setPeerPolicy((node, disco) -> false);
        assertNull(r.onDerpPacket(peerNode, peer.seal(r.discoPublicKey(), new DiscoMessage.Ping(tx, null, 0).marshal(), entropy)));
        assertEquals(0, r.pingsAnswered());
    }

    @Test
    void wireguardPacketsDoNotLookLikeDisco() {
        byte[] wg = new byte[148];
        wg[0] = 1;
        assertFalse(DiscoConstants.looksLikeDiscoWrapper(wg));
        assertFalse(DiscoConstants.looksLikeDiscoWrapper(Arrays.copyOf(DiscoConstants.MAGIC, 61)));
        assertTrue(DiscoConstants.looksLikeDiscoWrapper(Arrays.copyOf(DiscoConstants.MAGIC, 62)));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
