package dev.tabnet.server.derp;

import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import java.util.concurrent.LinkedBlockingQueue;

/** A DerpClientListener that queues what it hears, for assertions from the test thread. */
final class PacketCollector implements DerpClientListener {
    static final class Received {
        final NodeKey source;
        final byte[] data;

        Received(NodeKey source, byte[] data) {
            this.source = source;
            this.data = data;
        }
    }

    final LinkedBlockingQueue<Received> packets = new LinkedBlockingQueue<>();

    /** The next packet heard, waiting up to timeout; null if none came. */
    Received next(java.time.Duration timeout) throws InterruptedException {
        return packets.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    final LinkedBlockingQueue<String> peerGone = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> restarting = new LinkedBlockingQueue<>();

    @Override
    public void onRestarting(long reconnectInMillis, long tryForMillis) {
        restarting.add(reconnectInMillis + " " + tryForMillis);
    }

    @Override
    public void onPacket(NodeKey source, byte[] data, long nowNanos) {
        packets.add(new Received(source, data));
    }

    @Override
    public void onPeerGone(NodeKey peer, int reason) {
        peerGone.add(peer.hex() + " " + reason);
    }

    @Override
    public void onDisconnected(String reason, long nowNanos) {
        disconnects.add(reason);
    }
}
