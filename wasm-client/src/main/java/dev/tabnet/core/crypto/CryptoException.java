package dev.tabnet.core.crypto;

/** A cryptographic check failed (bad tag, invalid point, ...). Carries no secret material. */
public final class CryptoException extends Exception {
    public CryptoException(String message) {
        super(message);
    }
}
