package dev.tabnet.core.wireguard;

/**
 * A WireGuard message to put on the wire. endpoint is the peer's last known endpoint (opaque to the
 * core: a UDP address on the JVM, anything the adapter chose); it may be null when none is known.
 * Transports that address peers by key (DERP: node key = WireGuard static public key) use
 * peerPublicKey instead. peerPublicKey is null only for cookie replies to unauthenticated senders.
 */
public final class OutgoingDatagram {
    public final byte[] data;
    public final Object endpoint;
    public final byte[] peerPublicKey;

    OutgoingDatagram(byte[] data, Object endpoint, byte[] peerPublicKey) {
        this.data = data;
        this.endpoint = endpoint;
        this.peerPublicKey = peerPublicKey;
    }
}
