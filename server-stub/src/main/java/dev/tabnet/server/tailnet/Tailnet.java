package dev.tabnet.server.tailnet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The registry of nodes. Ephemeral nodes (browser tabs) are removed once they have had neither a
 * control stream nor a relay connection for {@code ephemeralTimeoutMillis}: a closed tab stops
 * both, so its node vanishes from every netmap shortly after. {@link #expireInactive()} is called
 * periodically by the server (and directly by tests with a manual clock).
 */
public final class Tailnet {
    /** Browser nodes must be gone from netmaps within 30 s of the tab closing; GC runs every second. */
    public static final long DEFAULT_EPHEMERAL_TIMEOUT_MILLIS = 20_000;

    public enum Connection { CONTROL_STREAM, RELAY }

    private final LongSupplier clockMillis;
    private final long ephemeralTimeoutMillis;
    private final String domain;
    private final AddressAllocator addresses = new AddressAllocator();
    private final Map<Long, TailnetNode> nodes = new LinkedHashMap<>();
    private final List<TailnetListener> listeners = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    public Tailnet(LongSupplier clockMillis, long ephemeralTimeoutMillis, String domain) {
        this.clockMillis = clockMillis;
        this.ephemeralTimeoutMillis = ephemeralTimeoutMillis;
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }

    public void addListener(TailnetListener l) {
        listeners.add(l);
    }

    public void removeListener(TailnetListener l) {
        listeners.remove(l);
    }

    /**
     * Adds a node, or returns the existing one for the same node key (a client re-registering with
     * the same key after a reconnect keeps its address and name).
     */
    public TailnetNode register(TailnetNode.Registration r) {
        TailnetNode node;
        synchronized (this) {
            TailnetNode existing = byNodeKeyLocked(r.nodeKey);
            if (existing != null) return existing;
            Set<String> taken = new HashSet<>();
            for (TailnetNode n : nodes.values()) taken.add(n.label);
            String label = MagicDns.unique(MagicDns.label(r.hostname), taken);
            node = new TailnetNode(nextId++, r, label, domain, addresses.allocate(), clockMillis.getAsLong());
            nodes.put(node.id, node);
        }
        for (TailnetListener l : listeners) l.nodeAdded(node);
        return node;
    }

    public synchronized TailnetNode byNodeKey(byte[] nodeKey) {
        return byNodeKeyLocked(nodeKey);
    }

    private TailnetNode byNodeKeyLocked(byte[] nodeKey) {
        for (TailnetNode n : nodes.values()) if (n.hasNodeKey(nodeKey)) return n;
        return null;
    }

    public synchronized TailnetNode byId(long id) {
        return nodes.get(id);
    }

    /** DERP admission: only keys of registered nodes may use the relay. */
    public boolean knows(byte[] nodeKey) {
        return byNodeKey(nodeKey) != null;
    }

    public synchronized List<TailnetNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** Removes a node at once (operator revoke, logout). Returns false if it was not there. */
    public boolean remove(long id, String why) {
        TailnetNode node;
        synchronized (this) {
            node = nodes.remove(id);
            if (node == null) return false;
            addresses.release(node.addresses);
        }
        for (TailnetListener l : listeners) l.nodeRemoved(node, why);
        return true;
    }

    /** Counts a connection; a node that was offline comes online (peers hear of it as a change). */
    public void connectionOpened(TailnetNode node, Connection kind) {
        boolean cameOnline;
        synchronized (this) {
            cameOnline = node.inactiveSinceMillis >= 0;
            if (kind == Connection.CONTROL_STREAM) node.controlStreams++;
            else node.relayConnections++;
            node.inactiveSinceMillis = -1;
        }
        if (cameOnline && isMember(node)) for (TailnetListener l : listeners) l.nodeChanged(node);
    }

    /** Uncounts a connection; with none left the node is offline, and ephemeral ones start to expire. */
    public void connectionClosed(TailnetNode node, Connection kind) {
        boolean wentOffline;
        synchronized (this) {
            if (kind == Connection.CONTROL_STREAM) node.controlStreams = Math.max(0, node.controlStreams - 1);
            else node.relayConnections = Math.max(0, node.relayConnections - 1);
            wentOffline = node.inactiveSinceMillis < 0 && node.controlStreams == 0 && node.relayConnections == 0;
            if (wentOffline) node.inactiveSinceMillis = clockMillis.getAsLong();
        }
        if (wentOffline && isMember(node)) for (TailnetListener l : listeners) l.nodeChanged(node);
    }

    private synchronized boolean isMember(TailnetNode node) {
        return nodes.get(node.id) == node;
    }

    public synchronized boolean isActive(TailnetNode node) {
        return node.inactiveSinceMillis < 0;
    }

    /** Updates what a map request reports; listeners hear of real changes only. */
    public void update(TailnetNode node, byte[] discoKey, int homeDerpRegion) {
        update(node, discoKey, homeDerpRegion, node.os(), node.sshHostKeys());
    }

    /** Also Hostinfo's OS and SSH_HostKeys, which peers see in their netmaps. */
    public void update(TailnetNode node, byte[] discoKey, int homeDerpRegion, String os, List<String> sshHostKeys) {
        boolean changed;
        synchronized (this) {
            changed = !java.util.Arrays.equals(node.discoKey(), discoKey) || node.homeDerpRegion() != homeDerpRegion
                    || !node.os().equals(os) || !node.sshHostKeys().equals(sshHostKeys);
            node.discoKey(discoKey);
            node.homeDerpRegion(homeDerpRegion);
            node.os(os);
            node.sshHostKeys(sshHostKeys);
        }
        if (changed) for (TailnetListener l : listeners) l.nodeChanged(node);
    }

    /** Removes ephemeral nodes inactive for the timeout; returns how many went. */
    public int expireInactive() {
        long now = clockMillis.getAsLong();
        List<TailnetNode> expired = new ArrayList<>();
        synchronized (this) {
            for (TailnetNode n : nodes.values()) {
                if (n.ephemeral && n.inactiveSinceMillis >= 0 && now - n.inactiveSinceMillis >= ephemeralTimeoutMillis) expired.add(n);
            }
        }
        for (TailnetNode n : expired) remove(n.id, "ephemeral node inactive");
        return expired.size();
    }
}
