package dev.tabnet.core.derp;

/** What the {@link DerpClient} reports; called synchronously from its input methods. */
public interface DerpClientListener {
    /** A RecvPacket: the payload (WireGuard or disco bytes) and the sender's node key. */
    void onPacket(NodeKey source, byte[] data, long nowNanos);

    /** ServerInfo arrived: the server accepted us (queued packets are already on their way). */
    default void onConnected(ServerInfo info, long nowNanos) {}

    /** The connection ended (and a redial is scheduled unless the client was closed). */
    default void onDisconnected(String reason, long nowNanos) {}

    /** PeerGone: reason is DerpConstants.PEER_GONE_REASON_* (0 when an old server omitted it). */
    default void onPeerGone(NodeKey peer, int reason) {}

    /** PeerPresent; ip16/port are null/-1 and flags 0 when the server sent only the key. */
    default void onPeerPresent(NodeKey peer, byte[] ip16, int port, int flags) {}

    default void onPong(byte[] data) {}

    /** Health: the server's problem text, or "" when it is healthy again. */
    default void onHealth(String problem) {}

    /** Restarting: the server asks us to reconnect in reconnectIn ms and keep trying for tryFor ms. */
    default void onRestarting(long reconnectInMillis, long tryForMillis) {}
}
