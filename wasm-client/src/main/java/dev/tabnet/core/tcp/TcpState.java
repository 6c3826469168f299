package dev.tabnet.core.tcp;

/** Connection states of RFC 9293 section 3.3.2 (LISTEN lives in the stack, not in a socket). */
public enum TcpState {
    SYN_SENT,
    SYN_RECEIVED,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    CLOSE_WAIT,
    CLOSING,
    LAST_ACK,
    TIME_WAIT,
    CLOSED
}
