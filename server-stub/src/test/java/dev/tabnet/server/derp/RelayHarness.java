package dev.tabnet.server.derp;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.jvm.DerpClientLoop;
import dev.tabnet.jvm.DerpTransport;
import dev.tabnet.jvm.HttpUpgradeDerpTransport;
import dev.tabnet.jvm.WebSocketDerpTransport;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The real ServerStub (Jetty) with a relay on loopback, plus JVM DERP clients attached to it. */
final class RelayHarness implements AutoCloseable {
    final DerpRelay relay;
    final ServerStub stub;
    private final List<AutoCloseable> clients = new ArrayList<>();

    RelayHarness(DerpRelayConfig config) throws Exception {
        SecureEntropy e = new SecureEntropy();
        relay = new DerpRelay(X25519.generatePrivateKey(e), e, config);
        stub = new ServerStub(ServerConfig.defaults().port(0).bind("127.0.0.1"), relay).start();
    }

    int port() {
        return stub.port();
    }

    DerpTransport.Factory webSocket() {
        return WebSocketDerpTransport.factory(URI.create("ws://127.0.0.1:" + port() + "/derp"));
    }

    DerpTransport.Factory httpUpgrade() {
        return HttpUpgradeDerpTransport.factory(new InetSocketAddress("127.0.0.1", port()));
    }

    DerpClientLoop client(DerpTransport.Factory transport, PacketCollector listener) {
        return client(transport, listener, new DerpClientConfig());
    }

    DerpClientLoop client(DerpTransport.Factory transport, PacketCollector listener, DerpClientConfig config) {
        return client(transport, listener, config, null);
    }

    DerpClientLoop client(DerpTransport.Factory transport, PacketCollector collector, DerpClientConfig config,
                          dev.tabnet.core.derp.DerpClientListener other) {
        return client(X25519.generatePrivateKey(new SecureEntropy()), transport, other != null ? other : collector, config);
    }

    /** A client with a given node private key (e.g. the WireGuard key, which is the node key). */
    DerpClientLoop client(byte[] nodePrivateKey, DerpTransport.Factory transport, dev.tabnet.core.derp.DerpClientListener listener,
                          DerpClientConfig config) {
        SecureEntropy e = new SecureEntropy();
        DerpClientLoop loop = new DerpClientLoop(nodePrivateKey, e, config, transport, DerpClientLoop.systemClock(), listener);
        clients.add(loop);
        return loop.start();
    }

    RawDerpSocket raw() throws Exception {
        return raw("");
    }

    RawDerpSocket raw(String query) throws Exception {
        RawDerpSocket r = new RawDerpSocket(port(), query);
        clients.add(r);
        return r;
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        stub.close();
    }
}
