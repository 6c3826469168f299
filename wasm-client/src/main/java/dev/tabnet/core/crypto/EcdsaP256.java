package dev.tabnet.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.util.encoders.Hex;

/** ECDSA verification on NIST P-256 with SHA-256 (FIPS 186-4), as ecdsa-sha2-nistp256 uses it. */
public final class EcdsaP256 {
    /**
     * The SEC 2 / FIPS 186-4 base point G of P-256, uncompressed. Built here instead of through
     * CustomNamedCurves, whose static table instantiates every curve BouncyCastle knows (~350 KB of Wasm).
     */
    private static final String G_UNCOMPRESSED = "04"
            + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
            + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

    private static ECDomainParameters domain;

    private EcdsaP256() {}

    private static ECDomainParameters domain() {
        if (domain == null) {
            ECCurve curve = new SecP256R1Curve();
            ECPoint g = curve.decodePoint(Hex.decode(G_UNCOMPRESSED));
            domain = new ECDomainParameters(curve, g, curve.getOrder(), curve.getCofactor());
        }
        return domain;
    }

    /**
     * Verifies (r, s) over SHA-256(message) for the public point q (SEC1 encoding, usually 65 bytes
     * uncompressed). False for a bad signature or an invalid point.
     */
    public static boolean verifySha256(byte[] q, byte[] message, BigInteger r, BigInteger s) {
        try {
            ECDomainParameters d = domain();
            ECPoint point = d.getCurve().decodePoint(q);
            if (!point.isValid()) return false;
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, new ECPublicKeyParameters(point, d));
            return signer.verifySignature(Sha2.sha256(message), r, s);
        } catch (RuntimeException e) { // malformed point encodings
            return false;
        }
    }
}
