package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.EcdsaP256;
import dev.tabnet.core.crypto.Ed25519;
import dev.tabnet.core.crypto.RsaPkcs1;
import dev.tabnet.core.crypto.Sha2;
import java.math.BigInteger;

/**
 * A server host key blob (RFC 4253 §6.6) and the check of the exchange-hash signature made with it:
 * ssh-ed25519 (RFC 8709), ecdsa-sha2-nistp256 (RFC 5656 §3), ssh-rsa keys signing with rsa-sha2-256/512 (RFC 8332).
 */
public final class HostKey {
    /** The key's own type as in the blob: ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa. */
    public final String type;
    public final byte[] blob;

    private HostKey(String type, byte[] blob) {
        this.type = type;
        this.blob = blob;
    }

    static HostKey parse(byte[] blob) throws SshException {
        return new HostKey(new SshReader(blob).utf8(), blob);
    }

    /** "SHA256:" + unpadded base64 of SHA-256(blob), as ssh-keygen -l prints it. */
    public String fingerprint() {
        return fingerprint(blob);
    }

    public static String fingerprint(byte[] blob) {
        return "SHA256:" + Base64.encode(Sha2.sha256(blob), false);
    }

    /** Verifies sigBlob over data for the negotiated host key algorithm; throws with a clear message if not. */
    void verify(String algorithm, byte[] data, byte[] sigBlob) throws SshException {
        String keyType = algorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : algorithm;
        if (!keyType.equals(type)) throw kexFailed("server sent a " + type + " host key, but " + algorithm + " was negotiated");
        SshReader key = new SshReader(blob);
        key.utf8();
        SshReader sig = new SshReader(sigBlob);
        String sigType = sig.utf8();
        if (!sigType.equals(algorithm)) throw kexFailed("host key signature is " + sigType + ", expected " + algorithm);
        byte[] sigBytes = sig.string();
        boolean ok;
        switch (algorithm) {
            case SshAlgorithms.SSH_ED25519:
                ok = Ed25519.verify(key.string(), data, sigBytes);
                break;
            case SshAlgorithms.ECDSA_SHA2_NISTP256: {
                String curve = key.utf8();
                if (!curve.equals("nistp256")) throw kexFailed("ecdsa host key on curve " + curve + ", expected nistp256");
                byte[] q = key.string();
                SshReader rs = new SshReader(sigBytes);
                BigInteger r = rs.mpint();
                BigInteger s = rs.mpint();
                ok = r.signum() > 0 && s.signum() > 0 && EcdsaP256.verifySha256(q, data, r, s);
                break;
            }
            case SshAlgorithms.RSA_SHA2_256:
            case SshAlgorithms.RSA_SHA2_512: {
                BigInteger e = key.mpint();
                BigInteger n = key.mpint();
                ok = algorithm.equals(SshAlgorithms.RSA_SHA2_256)
                        ? RsaPkcs1.verifySha256(n, e, data, sigBytes)
                        : RsaPkcs1.verifySha512(n, e, data, sigBytes);
                break;
            }
            default:
                throw kexFailed("unsupported host key algorithm " + algorithm);
        }
        if (!ok) throw kexFailed("the server's " + algorithm + " signature over the exchange hash is invalid");
    }

    private static SshException kexFailed(String message) {
        return new SshException(SshMessages.SSH_DISCONNECT_KEY_EXCHANGE_FAILED, message);
    }
}
