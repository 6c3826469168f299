package dev.tabnet.core.control.noise;

/** Why a {@link NoiseConn} died. Each is final for the connection, as in controlbase. */
public enum NoiseError {
    /** Server: the out-of-band initiation (header / query parameter) was not 101 bytes. */
    WRONG_INITIATION_SIZE("wrong handshake initiation size"),
    /** A handshake message had the wrong type byte. */
    UNEXPECTED_MESSAGE_TYPE("unexpected handshake message type"),
    /** A handshake message's length field did not match its fixed size. */
    WRONG_LENGTH("wrong handshake message length"),
    /** Decrypting / authenticating a handshake message failed (wrong key, tampering, low-order point). */
    HANDSHAKE_FAILED("handshake authentication failed"),
    /** Client: the server answered with an error message (type 0x03) instead of a response. */
    SERVER_ERROR("server refused the handshake"),
    /** The handshake did not finish before its deadline. */
    HANDSHAKE_TIMEOUT("handshake timed out"),
    /** After the handshake, a message other than a record arrived. */
    UNEXPECTED_RECORD_TYPE("received message with unexpected type"),
    /** A record's length field exceeds the 4096-byte frame limit. */
    RECORD_TOO_BIG("record exceeds the maximum Noise frame size"),
    /** A record failed authentication (tampered, replayed, reordered or truncated). */
    RECORD_AUTH_FAILED("record authentication failed"),
    /** 2^64−1 messages were used in one direction. */
    CIPHER_EXHAUSTED("cipher exhausted, no more nonces available for current key");

    public final String text;

    NoiseError(String text) {
        this.text = text;
    }
}
