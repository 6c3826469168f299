package dev.tabnet.core.control;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.X25519;

/**
 * A Curve25519 machine key pair: the Noise static key of a client machine (initiator) or of the
 * control server (responder, published by {@code /key}). Browser tabs make a fresh one per tab.
 */
public final class MachineKey {
    private final byte[] privateKey;
    private final byte[] publicKey;

    private MachineKey(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = X25519.publicKey(privateKey);
    }

    public static MachineKey generate(Entropy entropy) {
        return new MachineKey(X25519.generatePrivateKey(entropy));
    }

    /** From raw private bytes, kept as given (X25519 clamps when it uses them, so text forms round-trip). */
    public static MachineKey fromPrivate(byte[] privateKey) {
        if (privateKey.length != X25519.KEY_SIZE) throw new IllegalArgumentException("private key must be 32 bytes");
        return new MachineKey(privateKey.clone());
    }

    /** From "privkey:<hex>". */
    public static MachineKey parsePrivate(String text) throws KeyText.KeyFormatException {
        return fromPrivate(KeyText.parse(KeyText.PRIVATE, text));
    }

    public byte[] privateKey() {
        return privateKey.clone();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** "mkey:<hex>", the form in /key and Node.Machine. */
    public String publicText() {
        return KeyText.format(KeyText.MACHINE_PUBLIC, publicKey);
    }

    public String privateText() {
        return KeyText.format(KeyText.PRIVATE, privateKey);
    }
}
