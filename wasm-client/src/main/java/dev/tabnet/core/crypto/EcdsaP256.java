package dev.tabnet.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** ECDSA verification on NIST P-256 with SHA-256 (FIPS 186-4), as ecdsa-sha2-nistp256 uses it. */
public final class EcdsaP256 {
    private static ECDomainParameters domain;

    private EcdsaP256() {}

    private static ECDomainParameters domain() {
        if (domain == null) {
            X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
            domain = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
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
