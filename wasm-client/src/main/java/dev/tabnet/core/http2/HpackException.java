package dev.tabnet.core.http2;

/** A header block that cannot be decoded; the connection treats it as COMPRESSION_ERROR (RFC 9113 §4.3). */
public final class HpackException extends Exception {
    public HpackException(String message) {
        super(message);
    }
}
