package dev.tabnet.core.derp;

import java.util.ArrayList;
import java.util.List;

/** Records every DerpClient event as a line of text (and packets with their bytes). */
final class RecordingListener implements DerpClientListener {
    final List<String> events = new ArrayList<>();
    final List<byte[]> packets = new ArrayList<>();
    final List<NodeKey> packetSources = new ArrayList<>();

    @Override
    public void onPacket(NodeKey source, byte[] data, long nowNanos) {
        packets.add(data);
        packetSources.add(source);
        events.add("packet " + data.length);
    }

    @Override
    public void onConnected(ServerInfo info, long nowNanos) {
        events.add("connected v" + info.version);
    }

    @Override
    public void onDisconnected(String reason, long nowNanos) {
        events.add("disconnected " + reason);
    }

    @Override
    public void onPeerGone(NodeKey peer, int reason) {
        events.add("peergone " + peer.hex() + " " + reason);
    }

    @Override
    public void onPeerPresent(NodeKey peer, byte[] ip16, int port, int flags) {
        events.add("peerpresent " + peer.hex() + " " + port + " " + flags);
    }

    @Override
    public void onPong(byte[] data) {
        events.add("pong " + dev.tabnet.core.util.Hex.encode(data));
    }

    @Override
    public void onHealth(String problem) {
        events.add("health '" + problem + "'");
    }

    @Override
    public void onRestarting(long reconnectInMillis, long tryForMillis) {
        events.add("restarting " + reconnectInMillis + " " + tryForMillis);
    }
}
