package dev.tabnet.server;

import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetListener;
import dev.tabnet.server.tailnet.TailnetNode;

/**
 * Ties the DERP relay to the tailnet: only registered node keys are admitted, relay connections
 * count as activity for ephemeral expiry, and a removed (revoked, expired) node loses its relay
 * connection at once.
 */
final class RelayAdmission {
    private RelayAdmission() {}

    static void tie(DerpRelay relay, Tailnet tailnet) {
        relay.setAdmission(tailnet::knows);
        relay.setClientListener(new DerpRelay.ClientListener() {
            @Override
            public void clientConnected(byte[] nodeKey) {
                TailnetNode n = tailnet.byNodeKey(nodeKey);
                if (n != null) tailnet.connectionOpened(n, Tailnet.Connection.RELAY);
            }

            @Override
            public void clientDisconnected(byte[] nodeKey) {
                TailnetNode n = tailnet.byNodeKey(nodeKey);
                if (n != null) tailnet.connectionClosed(n, Tailnet.Connection.RELAY);
            }
        });
        tailnet.addListener(new TailnetListener() {
            @Override
            public void nodeAdded(TailnetNode node) {}

            @Override
            public void nodeRemoved(TailnetNode node, String why) {
                relay.closeClient(node.nodeKey(), "node removed from the tailnet: " + why);
            }
        });
    }
}
