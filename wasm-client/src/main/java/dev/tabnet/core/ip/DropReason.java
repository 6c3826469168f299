package dev.tabnet.core.ip;

/** Why an inbound packet was dropped; the stack keeps one counter per reason. */
public enum DropReason {
    TRUNCATED,
    BAD_VERSION,
    BAD_HEADER_LENGTH,
    BAD_IP_CHECKSUM,
    BAD_TRANSPORT_CHECKSUM,
    FRAGMENT,
    UNSUPPORTED_PROTOCOL,
    NOT_FOR_US,
    NO_SOCKET,
    BAD_TCP_OPTIONS,
    TTL_OR_HOP_LIMIT,
    /** A source no peer may use (ours, unspecified, loopback, multicast, broadcast): answering would loop or reflect. */
    MARTIAN_SOURCE
}
