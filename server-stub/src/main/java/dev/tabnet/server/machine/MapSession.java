package dev.tabnet.server.machine;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.server.tailnet.AclPolicy;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetListener;
import dev.tabnet.server.tailnet.TailnetNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One node's netmap stream. The first message is the full map (self, peers, DERP map, DNS, packet
 * filter); after that every membership change sends only what changed for this node
 * (PeersChanged / PeersRemoved / PacketFilter), and keep-alives fill the silence.
 */
public final class MapSession implements TailnetListener {
    private final Tailnet tailnet;
    private final AclPolicy acl;
    private final DerpRegion derp;
    private final TailnetNode self;
    private final MapSink sink;
    /** What the client currently believes about each peer, by node id. */
    private final Map<Long, Map<String, Object>> sentPeers = new HashMap<>();
    private List<Map<String, Object>> sentFilter;
    /**
     * Set once, by close(), under the session's own lock (so no delta is written after it); volatile
     * because start() and onClosed() read it under the lifecycle lock alone.
     */
    private volatile boolean closed;
    /**
     * Orders start() and close(): a client can read the first map and go away while start() is
     * still running, and its close must still uncount the stream, or the node stays "active"
     * (and an ephemeral one never expires). Guards counted, keepAlive and closeHooks. Taken after the
     * session's own lock, never before it (write() closes a failed stream while holding that lock).
     */
    private final Object lifecycle = new Object();
    private boolean counted;
    private ScheduledFuture<?> keepAlive;
    private final List<Runnable> closeHooks = new ArrayList<>();

    MapSession(Tailnet tailnet, AclPolicy acl, DerpRegion derp, TailnetNode self, MapSink sink) {
        this.tailnet = tailnet;
        this.acl = acl;
        this.derp = derp;
        this.self = self;
        this.sink = sink;
    }

    void start(ScheduledExecutorService scheduler, long keepAliveMillis, long jitterMillis) {
        synchronized (lifecycle) {
            if (closed) return;
            counted = true;
            tailnet.connectionOpened(self, Tailnet.Connection.CONTROL_STREAM);
            tailnet.addListener(this);
        }
        sendFullMap();
        long first = keepAliveMillis + ThreadLocalRandom.current().nextLong(jitterMillis + 1);
        synchronized (lifecycle) {
            if (closed) return; // gone during the first map: close() uncounts it (or has)
            keepAlive = scheduler.scheduleWithFixedDelay(this::sendKeepAlive, first, keepAliveMillis, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void sendFullMap() {
        List<TailnetNode> members = tailnet.nodes();
        List<Object> peers = new ArrayList<>();
        sentPeers.clear();
        for (TailnetNode n : visiblePeers(members)) {
            Map<String, Object> json = NetmapJson.node(n, tailnet);
            sentPeers.put(n.id, json);
            peers.add(json);
        }
        sentFilter = acl.packetFilterFor(self, members);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Node", NetmapJson.node(self, tailnet));
        m.put("DERPMap", derp.derpMapJson());
        m.put("Peers", peers);
        m.put("DNSConfig", dnsConfig());
        m.put("Domain", tailnet.domain());
        m.put("PacketFilter", sentFilter);
        m.put("UserProfiles", List.of(NetmapJson.userProfile()));
        m.put("ControlTime", Instant.now().toString());
        write(m);
    }

    private Map<String, Object> dnsConfig() {
        Map<String, Object> dns = new LinkedHashMap<>();
        dns.put("Domains", List.of(tailnet.domain()));
        dns.put("Proxied", true);
        return dns;
    }

    private List<TailnetNode> visiblePeers(List<TailnetNode> members) {
        List<TailnetNode> out = new ArrayList<>();
        for (TailnetNode n : members) if (n.id != self.id && acl.visible(self, n)) out.add(n);
        return out;
    }

    /** Sends what changed since the last message, if anything did. */
    private synchronized void sendDelta() {
        if (closed) return;
        List<TailnetNode> members = tailnet.nodes();
        List<Object> changed = new ArrayList<>();
        Map<Long, Map<String, Object>> now = new HashMap<>();
        for (TailnetNode n : visiblePeers(members)) {
            Map<String, Object> json = NetmapJson.node(n, tailnet);
            now.put(n.id, json);
            if (!json.equals(sentPeers.get(n.id))) changed.add(json);
        }
        List<Object> removed = new ArrayList<>();
        for (Long id : sentPeers.keySet()) if (!now.containsKey(id)) removed.add(id);
        List<Map<String, Object>> filter = acl.packetFilterFor(self, members);
        boolean filterChanged = !filter.equals(sentFilter);
        if (changed.isEmpty() && removed.isEmpty() && !filterChanged) return;
        sentPeers.clear();
        sentPeers.putAll(now);
        Map<String, Object> m = new LinkedHashMap<>();
        if (!changed.isEmpty()) m.put("PeersChanged", changed);
        if (!removed.isEmpty()) m.put("PeersRemoved", removed);
        if (filterChanged) {
            sentFilter = filter;
            m.put("PacketFilter", filter);
        }
        write(m);
    }

    private synchronized void sendKeepAlive() {
        if (closed) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("KeepAlive", true);
        write(m);
    }

    private void write(Map<String, Object> message) {
        byte[] json;
        try {
            json = JSON.std.asBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a MapResponse", e);
        }
        byte[] frame = new byte[4 + json.length];
        frame[0] = (byte) json.length;
        frame[1] = (byte) (json.length >>> 8);
        frame[2] = (byte) (json.length >>> 16);
        frame[3] = (byte) (json.length >>> 24);
        System.arraycopy(json, 0, frame, 4, json.length);
        if (!sink.send(frame)) close();
    }

    /** Ends the stream (client gone, server stopping, or this node removed). Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        synchronized (lifecycle) {
            if (keepAlive != null) keepAlive.cancel(false);
            tailnet.removeListener(this);
            if (counted) tailnet.connectionClosed(self, Tailnet.Connection.CONTROL_STREAM);
            counted = false;
        }
        sink.close();
        Runnable[] hooks;
        synchronized (lifecycle) {
            hooks = closeHooks.toArray(new Runnable[0]);
            closeHooks.clear();
        }
        for (Runnable r : hooks) r.run();
    }

    /** Runs r once the session has closed (at once if it already has). */
    public void onClosed(Runnable r) {
        synchronized (lifecycle) {
            if (!closed) {
                closeHooks.add(r);
                return;
            }
        }
        r.run();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void nodeAdded(TailnetNode node) {
        sendDelta();
    }

    @Override
    public void nodeRemoved(TailnetNode node, String why) {
        if (node.id == self.id) close();
        else sendDelta();
    }

    @Override
    public void nodeChanged(TailnetNode node) {
        if (node.id != self.id) sendDelta();
    }
}
