package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.ChaCha20Poly1305;

/** One direction pair of transport keys derived from a handshake (wireguard-go keypair.go). */
final class Keypair {
    final ChaCha20Poly1305 send;
    final ChaCha20Poly1305 receive;
    final ReplayFilter replayFilter = new ReplayFilter();
    final boolean isInitiator;
    final long createdNanos;
    final int localIndex;
    final int remoteIndex;
    /** Next counter to send; an unsigned 64-bit value. */
    long sendNonce;

    Keypair(byte[] sendKey, byte[] receiveKey, boolean isInitiator, long createdNanos, int localIndex, int remoteIndex) {
        this.send = new ChaCha20Poly1305(sendKey);
        this.receive = new ChaCha20Poly1305(receiveKey);
        this.isInitiator = isInitiator;
        this.createdNanos = createdNanos;
        this.localIndex = localIndex;
        this.remoteIndex = remoteIndex;
    }
}
