package dev.tabnet.server.node;

import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.server.ControlPlane;
import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.derp.InProcessDerpLink;
import dev.tabnet.server.tailnet.TailnetNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's own tailnet node: the same Java engine the tab runs, on the JVM, registered
 * in-process as a non-ephemeral {@code tag:server} node. It forwards chosen tailnet ports to local
 * TCP addresses (like a subnet router for single ports), so {@code ssh} from a tab reaches a real
 * sshd on the server's machine or LAN. Its relay connection is DERP to this server's own relay
 * through an {@link InProcessDerpLink} (the same frames, no socket), whatever public URL the DERP
 * map advertises.
 */
public final class BuiltInNode implements AutoCloseable {
    public static final String TAG = "tag:server";
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final JvmTailnetNode node;
    private final InProcessControl control;
    private final List<PortForwarder> forwarders = new ArrayList<>();
    private TailnetNode registered;

    private BuiltInNode(JvmTailnetNode node, InProcessControl control) {
        this.node = node;
        this.control = control;
    }

    /**
     * Registers, streams the netmap, waits for the relay login and opens the forwards.
     *
     * @param relay the server's own DERP relay (in this JVM)
     * @param sshHostKeys the forwarded sshd's public keys ("keytype base64"), reported as Hostinfo.SSH_HostKeys
     */
    public static BuiltInNode start(ControlPlane controlPlane, String name, List<ForwardSpec> forwards, DerpRelay relay,
                                    List<String> sshHostKeys) throws IOException, InterruptedException {
        JvmTailnetNode n = JvmTailnetNode.withNewKeys(name, (region, url) -> InProcessDerpLink.factory(relay));
        BuiltInNode b = new BuiltInNode(n, new InProcessControl(controlPlane, n, name, sshHostKeys));
        try {
            n.start();
            b.registered = b.control.register(false, Set.of(TAG));
            b.control.openMapStream();
            n.awaitReady(START_TIMEOUT_MILLIS);
            if (!n.awaitRelayLogin(START_TIMEOUT_MILLIS)) throw new IOException("the built-in node could not log in to the server's relay");
            for (ForwardSpec f : forwards) b.forwarders.add(new PortForwarder(n, f));
            return b;
        } catch (IOException | InterruptedException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    public JvmTailnetNode node() {
        return node;
    }

    /** The tailnet's record: id, name (MagicDNS), addresses, tags. */
    public TailnetNode registered() {
        return registered;
    }

    public IpAddress ipv4() throws InterruptedException {
        NetmapPeer self = node.self();
        for (IpAddress a : self.addresses) if (a.isV4()) return a;
        return self.primaryAddress();
    }

    /** Connections accepted on all forwards, and how many the local side refused. */
    public long forwardedConnections() {
        long n = 0;
        for (PortForwarder f : forwarders) n += f.accepted.get();
        return n;
    }

    public long refusedConnections() {
        long n = 0;
        for (PortForwarder f : forwarders) n += f.refused.get();
        return n;
    }

    /** One line per fact, for the start-up banner. */
    public List<String> describe() throws InterruptedException {
        List<String> out = new ArrayList<>();
        NetmapPeer self = node.self();
        String name = registered.fqdn.endsWith(".") ? registered.fqdn.substring(0, registered.fqdn.length() - 1) : registered.fqdn;
        out.add("built-in node " + name + " (" + TAG + ") at " + self.addresses);
        for (PortForwarder f : forwarders) out.add("  forwards tailnet port " + f.spec().tailnetPort + " to " + f.spec().targetHost + ":" + f.spec().targetPort);
        return out;
    }

    @Override
    public void close() {
        for (PortForwarder f : forwarders) f.close();
        control.close();
        node.close();
    }
}
