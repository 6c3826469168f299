package dev.tabnet.core.disco;

/** A disco packet that is malformed or does not authenticate. */
public final class DiscoException extends Exception {
    public DiscoException(String message) {
        super(message);
    }
}
