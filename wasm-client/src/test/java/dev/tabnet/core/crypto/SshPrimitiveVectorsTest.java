package dev.tabnet.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.testutil.Vectors;
import dev.tabnet.core.util.Bytes;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The wrappers SSH uses, against published vectors (and OpenSSL-made RSA signatures). */
class SshPrimitiveVectorsTest {
    private static final Vectors V = Vectors.load("/vectors/ssh_primitives.txt");

    @Test
    void sha2() {
        assertArrayEquals(V.hex("sha256.abc"), Sha2.sha256("abc".getBytes()));
        assertArrayEquals(V.hex("sha512.abc"), Sha2.sha512("abc".getBytes()));
    }

    @Test
    void hmacRfc4231() {
        byte[] data = V.hex("hmac.tc2.data");
        assertArrayEquals(V.hex("hmac.tc2.sha256"), HmacSha2.sha256(V.hex("hmac.tc2.key")).update(data, 0, data.length).doFinal());
        HmacSha2 mac512 = HmacSha2.sha512(V.hex("hmac.tc2.key"));
        assertArrayEquals(V.hex("hmac.tc2.sha512"), mac512.update(data, 0, data.length).doFinal());
        assertArrayEquals(V.hex("hmac.tc2.sha512"), mac512.update(data, 0, data.length).doFinal(), "reusable after doFinal");
    }

    @Test
    void aesCtrSp80038aAcrossCalls() {
        byte[] pt = V.hex("ctr.pt");
        byte[] out = new byte[pt.length];
        AesCtr ctr = new AesCtr(V.hex("ctr.key"), V.hex("ctr.iv"));
        ctr.process(pt, 0, 5, out, 0); // the keystream must continue across uneven calls
        ctr.process(pt, 5, 40, out, 5);
        ctr.process(pt, 45, pt.length - 45, out, 45);
        assertArrayEquals(V.hex("ctr.ct"), out);
    }

    @Test
    void aesGcm() throws Exception {
        AesGcm gcm = new AesGcm(V.hex("gcm.key"));
        byte[] pt = V.hex("gcm.pt");
        byte[] sealed = new byte[pt.length + 16];
        gcm.seal(V.hex("gcm.iv"), new byte[0], 0, 0, pt, 0, pt.length, sealed, 0);
        assertArrayEquals(Bytes.concat(V.hex("gcm.ct"), V.hex("gcm.tag")), sealed);
        byte[] back = new byte[pt.length];
        gcm.open(V.hex("gcm.iv"), new byte[0], 0, 0, sealed, 0, sealed.length, back, 0);
        assertArrayEquals(pt, back);
        sealed[0] ^= 1;
        assertThrows(CryptoException.class, () -> gcm.open(V.hex("gcm.iv"), new byte[0], 0, 0, sealed, 0, sealed.length, back, 0));
    }

    @Test
    void ed25519Rfc8032() {
        assertArrayEquals(V.hex("ed25519.pk"), Ed25519.publicKey(V.hex("ed25519.sk")));
        assertArrayEquals(V.hex("ed25519.sig"), Ed25519.sign(V.hex("ed25519.sk"), new byte[0]));
        assertTrue(Ed25519.verify(V.hex("ed25519.pk"), new byte[0], V.hex("ed25519.sig")));
        byte[] bad = V.hex("ed25519.sig");
        bad[10] ^= 1;
        assertFalse(Ed25519.verify(V.hex("ed25519.pk"), new byte[0], bad));
        assertFalse(Ed25519.verify(new byte[31], new byte[0], bad), "malformed key: false, not an exception");
    }

    @Test
    void ecdsaP256Rfc6979() {
        byte[] q = Bytes.concat(new byte[] {4}, V.hex("p256.ux"), V.hex("p256.uy"));
        BigInteger r = new BigInteger(1, V.hex("p256.r"));
        BigInteger s = new BigInteger(1, V.hex("p256.s"));
        assertTrue(EcdsaP256.verifySha256(q, V.hex("p256.msg"), r, s));
        assertFalse(EcdsaP256.verifySha256(q, "samplf".getBytes(), r, s));
        assertFalse(EcdsaP256.verifySha256(q, V.hex("p256.msg"), s, r));
        byte[] offCurve = q.clone();
        offCurve[40] ^= 1;
        assertFalse(EcdsaP256.verifySha256(offCurve, V.hex("p256.msg"), r, s), "invalid point: false, not an exception");
    }

    @Test
    void rsaPkcs1OpenSslSignatures() {
        BigInteger n = new BigInteger(1, V.hex("rsa.n"));
        BigInteger e = BigInteger.valueOf(65537);
        byte[] msg = V.hex("rsa.msg");
        assertTrue(RsaPkcs1.verifySha256(n, e, msg, V.hex("rsa.sig256")));
        assertTrue(RsaPkcs1.verifySha512(n, e, msg, V.hex("rsa.sig512")));
        assertFalse(RsaPkcs1.verifySha512(n, e, msg, V.hex("rsa.sig256")), "a SHA-256 signature is not a SHA-512 one");
        byte[] bad = V.hex("rsa.sig256");
        bad[100] ^= 1;
        assertFalse(RsaPkcs1.verifySha256(n, e, msg, bad));
    }
}
