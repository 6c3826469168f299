package dev.tabnet.core.node;

/** What the engine needs from its adapter's relay connections (one DERP client per region). */
public interface Relays {
    /** Make sure a connection to this region's relay exists; called again on every netmap, so it must be idempotent. */
    void ensureRelay(int regionId, String webSocketUrl, boolean home);

    /** Close relay connections to regions no longer used. */
    void retainOnly(java.util.Set<Integer> regionIds);

    /** Sends one packet (a WireGuard or disco message) to the node key through that region's relay. */
    void send(int regionId, byte[] destinationNodeKey, byte[] packet, long nowNanos);
}
