package dev.tabnet.tests.wireguard;

import java.io.IOException;

/**
 * A public handle on {@link WireGuardGoPeer} for interop tests in other packages (e.g. SSH through
 * the tunnel): a wireguard-go peer whose tunnel end is the kernel stack in a private namespace.
 */
public final class WireGuardGoLab implements AutoCloseable {
    private final WireGuardGoPeer peer;

    private WireGuardGoLab(WireGuardGoPeer peer) {
        this.peer = peer;
    }

    /** Null if this machine can host the peer, otherwise why not. */
    public static String unavailableReason() {
        return WireGuardGoPeer.unavailableReason();
    }

    public static WireGuardGoLab start(byte[] privateKey, byte[] ourPublicKey, int ourPort, String theirAddress, String ourAddress)
            throws IOException, InterruptedException {
        return new WireGuardGoLab(WireGuardGoPeer.start(privateKey, ourPublicKey, ourPort, theirAddress, ourAddress));
    }

    /** wireguard-go's UDP port on 127.0.0.1. */
    public int port() {
        return peer.port;
    }

    /** The network namespace that holds the tunnel address (run servers there with ip netns exec). */
    public String namespace() {
        return peer.namespace;
    }

    @Override
    public void close() {
        peer.close();
    }
}
