package dev.tabnet.core.tcp;

/** Why a socket reported {@code onClosed}. */
public enum CloseReason {
    /** Both directions finished with FIN exchange. */
    NORMAL,
    /** The peer sent RST on an established connection. */
    RESET,
    /** The peer answered our SYN with RST (nothing listening). */
    REFUSED,
    /** Too many retransmissions without an acknowledgment. */
    TIMEOUT,
    /** The application called {@link TcpSocket#abort()}. */
    ABORTED
}
