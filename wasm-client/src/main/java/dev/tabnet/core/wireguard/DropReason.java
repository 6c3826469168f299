package dev.tabnet.core.wireguard;

/** Why the engine discarded a datagram or packet; each has a counter on the device. */
public enum DropReason {
    /** Shorter than its message type needs (or than 4 bytes). */
    TRUNCATED,
    /** Handshake or cookie message of the wrong exact length. */
    BAD_LENGTH,
    /** Unknown message type or non-zero reserved bytes. */
    UNKNOWN_TYPE,
    BAD_MAC1,
    /** Under load and mac2 missing/invalid: a cookie reply was sent instead of processing. */
    UNDER_LOAD_COOKIE_SENT,
    /** Initiation from a static key that is not a configured peer. */
    UNKNOWN_PEER,
    /** A handshake message whose AEAD or DH failed. */
    HANDSHAKE_DECRYPT_FAILED,
    /** Initiation whose timestamp is not newer than the last accepted one (replayed initiation). */
    HANDSHAKE_REPLAY,
    /** Initiation less than HANDSHAKE_INITIATION_RATE after the previous one. */
    HANDSHAKE_FLOOD,
    /** Response that does not match a pending initiation. */
    UNEXPECTED_RESPONSE,
    BAD_COOKIE_REPLY,
    UNKNOWN_RECEIVER_INDEX,
    /** Transport data on a keypair older than REJECT_AFTER_TIME. */
    KEY_EXPIRED,
    /** Transport data that failed authentication (tampered, wrong key). */
    DECRYPT_FAILED,
    /** Transport counter already seen, too old for the window, or at REJECT_AFTER_MESSAGES. */
    REPLAY,
    /** Decrypted payload that is not a well-formed IPv4/IPv6 packet. */
    INVALID_IP_PACKET,
    /** Decrypted packet whose source address is not in the sending peer's allowed IPs. */
    WRONG_SOURCE_IP,
    /** Outgoing IP packet whose destination matches no peer's allowed IPs. */
    NO_ROUTE,
    /** Outgoing packets discarded because the per-peer staging queue was full or the handshake gave up. */
    STAGED_PACKET_DROPPED,
    /** A bug surfaced as an exception inside the engine; caught so it never escapes. */
    INTERNAL_ERROR
}
