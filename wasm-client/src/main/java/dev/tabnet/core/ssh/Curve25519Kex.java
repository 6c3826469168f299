package dev.tabnet.core.ssh;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.Sha2;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;

/**
 * curve25519-sha256 (RFC 8731; the @libssh.org name is the same method): ephemeral X25519, the
 * SSH_MSG_KEX_ECDH_INIT/REPLY pair of RFC 5656 §4, and the exchange hash
 * H = SHA-256(V_C ‖ V_S ‖ I_C ‖ I_S ‖ K_S ‖ Q_C ‖ Q_S ‖ K).
 */
final class Curve25519Kex {
    private final byte[] privateKey;
    private final byte[] publicKey;

    /** What the reply establishes. k is the shared secret already encoded as an mpint. */
    static final class Result {
        final HostKey hostKey;
        final byte[] exchangeHash;
        final byte[] k;
        final byte[] signature;

        Result(HostKey hostKey, byte[] exchangeHash, byte[] k, byte[] signature) {
            this.hostKey = hostKey;
            this.exchangeHash = exchangeHash;
            this.k = k;
            this.signature = signature;
        }
    }

    Curve25519Kex(Entropy entropy) {
        privateKey = X25519.generatePrivateKey(entropy);
        publicKey = X25519.publicKey(privateKey);
    }

    byte[] initMessage() {
        return SshWriter.message(SshMessages.SSH_MSG_KEX_ECDH_INIT).string(publicKey).toByteArray();
    }

    Result reply(byte[] payload, String clientVersion, String serverVersion, byte[] clientKexInit, byte[] serverKexInit) throws SshException {
        SshReader r = new SshReader(payload);
        r.u8();
        byte[] hostKeyBlob = r.string();
        byte[] serverPublic = r.string();
        byte[] signature = r.string();
        if (serverPublic.length != X25519.KEY_SIZE) {
            throw new SshException(SshMessages.SSH_DISCONNECT_KEY_EXCHANGE_FAILED, "server's curve25519 public key is " + serverPublic.length + " bytes, expected 32");
        }
        byte[] secret;
        try {
            secret = X25519.sharedSecret(privateKey, serverPublic);
        } catch (CryptoException e) {
            throw new SshException(SshMessages.SSH_DISCONNECT_KEY_EXCHANGE_FAILED, "curve25519: " + e.getMessage());
        }
        byte[] k = new SshWriter(40).mpintUnsigned(secret).toByteArray();
        Bytes.wipe(secret);
        byte[] h = Sha2.sha256()
                .update(new SshWriter().string(clientVersion).string(serverVersion).string(clientKexInit).string(serverKexInit)
                        .string(hostKeyBlob).string(publicKey).string(serverPublic).toByteArray())
                .update(k)
                .digest();
        Bytes.wipe(privateKey);
        return new Result(HostKey.parse(hostKeyBlob), h, k, signature);
    }

    /** RFC 4253 §7.2: HASH(K ‖ H ‖ letter ‖ session_id), extended by HASH(K ‖ H ‖ K1 ‖ ...) to len bytes. */
    static byte[] deriveKey(byte[] k, byte[] h, char letter, byte[] sessionId, int len) {
        byte[] out = new byte[len];
        byte[] block = Sha2.sha256().update(k).update(h).update(new byte[] {(byte) letter}).update(sessionId).digest();
        int have = Math.min(block.length, len);
        System.arraycopy(block, 0, out, 0, have);
        while (have < len) {
            Sha2 d = Sha2.sha256().update(k).update(h).update(out, 0, have);
            block = d.digest();
            int n = Math.min(block.length, len - have);
            System.arraycopy(block, 0, out, have, n);
            have += n;
        }
        return out;
    }
}
