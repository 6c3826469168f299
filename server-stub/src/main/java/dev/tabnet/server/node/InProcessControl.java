package dev.tabnet.server.node;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Hex;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.server.ControlPlane;
import dev.tabnet.server.machine.ClientContext;
import dev.tabnet.server.machine.DerpRegion;
import dev.tabnet.server.machine.MapRequestException;
import dev.tabnet.server.machine.MapSession;
import dev.tabnet.server.machine.MapSink;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.TailnetNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node living in the control server's own process talks to control without ts2021: it registers
 * through {@link dev.tabnet.server.machine.RegisterService} with a pre-auth key made for it, and
 * its map stream's frames (4-byte little-endian length + JSON, exactly what a remote node reads)
 * go straight into the node. Its relay connection is a real one, like any node's.
 */
public final class InProcessControl implements AutoCloseable {
    /** The capability version we claim; MapService wants at least 113. */
    static final int CAPABILITY_VERSION = 130;

    private final ControlPlane control;
    private final JvmTailnetNode node;
    private final ClientContext client;
    private final String hostname;
    private volatile MapSession session;
    private volatile boolean closed;
    private TailnetNode registered;
    private final java.util.List<String> sshHostKeys;

    public InProcessControl(ControlPlane control, JvmTailnetNode node, String hostname) {
        this(control, node, hostname, java.util.List.of());
    }

    /** sshHostKeys: what the node reports as Hostinfo.SSH_HostKeys (the forwarded sshd's keys), may be empty. */
    public InProcessControl(ControlPlane control, JvmTailnetNode node, String hostname, java.util.List<String> sshHostKeys) {
        this.control = control;
        this.node = node;
        this.hostname = hostname;
        this.sshHostKeys = java.util.List.copyOf(sshHostKeys);
        byte[] machinePrivate = X25519.generatePrivateKey(new SecureEntropy());
        this.client = new ClientContext(X25519.publicKey(machinePrivate), "in-process", "tabnet built-in node");
    }

    /** Registers with a one-use pre-auth key carrying these tags; returns the tailnet's record of the node. */
    public TailnetNode register(boolean ephemeral, Set<String> tags) throws IOException {
        PreAuthKeys.PreAuthKey key = control.preAuthKeys.create(false, ephemeral, tags, 60_000);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("Version", CAPABILITY_VERSION);
        req.put("NodeKey", "nodekey:" + Hex.encode(node.nodePublicKey()));
        req.put("Hostinfo", Map.of("Hostname", hostname));
        req.put("Ephemeral", ephemeral);
        req.put("Auth", Map.of("AuthKey", key.text));
        Map<String, Object> r = control.register.register(client, req).join();
        if (!Boolean.TRUE.equals(r.get("MachineAuthorized"))) throw new IOException("registration refused: " + r.get("Error"));
        registered = control.tailnet.byNodeKey(node.nodePublicKey());
        return registered;
    }

    /** Opens the netmap stream; the first full map is delivered before this returns. */
    public void openMapStream() throws IOException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("Version", CAPABILITY_VERSION);
        req.put("NodeKey", "nodekey:" + Hex.encode(node.nodePublicKey()));
        req.put("DiscoKey", "discokey:" + Hex.encode(node.discoPublicKey()));
        req.put("Stream", true);
        Map<String, Object> hostinfo = new LinkedHashMap<>();
        hostinfo.put("Hostname", hostname);
        hostinfo.put("OS", System.getProperty("os.name", "").toLowerCase()); // "linux", as Tailscale's GOOS
        hostinfo.put("NetInfo", Map.of("PreferredDERP", DerpRegion.DEFAULT_REGION_ID));
        if (!sshHostKeys.isEmpty()) hostinfo.put("SSH_HostKeys", sshHostKeys);
        req.put("Hostinfo", hostinfo);
        try {
            session = control.map.open(client, req, new Sink());
        } catch (MapRequestException e) {
            throw new IOException("map request refused (" + e.status + "): " + e.getMessage());
        }
    }

    public TailnetNode registered() {
        return registered;
    }

    /** Splits frames and hands each JSON body to the node; the node parses it on its own thread. */
    private final class Sink implements MapSink {
        @Override
        public boolean send(byte[] frame) {
            if (closed) return false;
            if (frame.length < 4) return true;
            int len = (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 24;
            if (len < 0 || len > frame.length - 4) return true;
            byte[] json = new byte[len];
            System.arraycopy(frame, 4, json, 0, len);
            node.onMapResponse(json);
            return true;
        }

        @Override
        public void close() {
            // MapSession ends only when the node is removed (operator revoke): stay off, as asked.
            if (!closed) System.err.println("tailnet node " + hostname + " was removed from the tailnet; it stays offline until the server restarts");
        }
    }

    @Override
    public void close() {
        closed = true;
        MapSession s = session;
        if (s != null) s.close();
    }
}
