package dev.tabnet.core.http2;

/** A connection error (RFC 9113 §5.4.1): ends the connection with GOAWAY carrying this code. */
final class ConnectionError extends Exception {
    final int code;

    ConnectionError(int code, String message) {
        super(message);
        this.code = code;
    }
}
