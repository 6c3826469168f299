package dev.tabnet.core.ssh;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.Ed25519;

/**
 * The client's ssh-ed25519 key (RFC 8709), made from the injected entropy and held only in memory:
 * it dies with the tab. The public half is shown as an authorized_keys line.
 */
public final class Ed25519Identity {
    private final byte[] seed;
    private final byte[] publicKey;
    private final byte[] blob;

    private Ed25519Identity(byte[] seed) {
        this.seed = seed;
        this.publicKey = Ed25519.publicKey(seed);
        this.blob = new SshWriter().string(SshAlgorithms.SSH_ED25519).string(publicKey).toByteArray();
    }

    public static Ed25519Identity generate(Entropy entropy) {
        return new Ed25519Identity(Ed25519.generateSeed(entropy));
    }

    /** The public key blob (string "ssh-ed25519" ‖ string key). */
    public byte[] publicKeyBlob() {
        return blob.clone();
    }

    /** "ssh-ed25519 AAAA... comment", ready for ~/.ssh/authorized_keys. */
    public String authorizedKeysLine(String comment) {
        String line = SshAlgorithms.SSH_ED25519 + " " + Base64.encode(blob, true);
        return comment == null || comment.isEmpty() ? line : line + " " + comment;
    }

    public String fingerprint() {
        return HostKey.fingerprint(blob);
    }

    /** The SSH signature blob (string "ssh-ed25519" ‖ string signature) over data. */
    byte[] sign(byte[] data) {
        return new SshWriter().string(SshAlgorithms.SSH_ED25519).string(Ed25519.sign(seed, data)).toByteArray();
    }
}
