package dev.tabnet.server.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.derp.ServerInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DERP relay compatible with tailscale derpserver for regular (non-mesh) clients: it proves key
 * ownership from ClientInfo, admits keys through a {@link DerpAdmission}, routes SendPacket to the
 * connection of the destination node key as RecvPacket (source key first), and sends PeerGone.
 * Transports (WebSocket, HTTP Upgrade) feed it through {@link #accept}.
 */
public final class DerpRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerpRelay.class);
    private static final int RECENT_CLOSES = 64;

    /** Counters, for tests and the status page. */
    public static final class Stats {
        public final AtomicLong connectionsAccepted = new AtomicLong();
        public final AtomicLong clientsRegistered = new AtomicLong();
        public final AtomicLong packetsRelayed = new AtomicLong();
        public final AtomicLong bytesRelayed = new AtomicLong();
        public final AtomicLong droppedUnknownDestination = new AtomicLong();
        public final AtomicLong droppedQueueFull = new AtomicLong();
        public final AtomicLong peerGoneDisconnectedSent = new AtomicLong();
        public final AtomicLong peerGoneNotHereSent = new AtomicLong();
        public final AtomicLong protocolErrors = new AtomicLong();
        public final AtomicLong rejectedByAdmission = new AtomicLong();
        public final AtomicLong rateLimitWaits = new AtomicLong();
        public final AtomicLong backPressureWaits = new AtomicLong();
    }

    /** Told when an admitted client's connection registers and when it closes (e.g. for node liveness). */
    public interface ClientListener {
        void clientConnected(byte[] nodeKey);

        void clientDisconnected(byte[] nodeKey);
    }

    private volatile ClientListener clientListener;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final Entropy entropy;
    private final DerpRelayConfig config;
    private final ScheduledExecutorService scheduler;
    private final Stats stats = new Stats();
    private volatile DerpAdmission admission = DerpAdmission.ALLOW_ALL;
    private final ConcurrentHashMap<NodeKey, RelayConnection> clients = new ConcurrentHashMap<>();
    /** peer key → connections that received packets from it (they get PeerGone when it leaves). */
    private final Map<NodeKey, Set<RelayConnection>> peerGoneWatchers = new HashMap<>();
    private final ArrayDeque<String> recentCloses = new ArrayDeque<>();

    public DerpRelay(byte[] privateKey, Entropy entropy, DerpRelayConfig config) {
        this.privateKey = privateKey.clone();
        this.publicKey = X25519.publicKey(privateKey);
        this.entropy = entropy;
        this.config = config;
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "derp-relay-timers");
            t.setDaemon(true);
            return t;
        });
        // A closed connection cancels its accept deadline and KeepAlive timer; without this the
        // cancelled tasks (and the connections they reference) stay queued until their due time.
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
    }

    /** A relay with a fresh random server key and default settings. */
    public static DerpRelay withNewKey() {
        SecureEntropy e = new SecureEntropy();
        return new DerpRelay(X25519.generatePrivateKey(e), e, new DerpRelayConfig());
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public void setAdmission(DerpAdmission admission) {
        this.admission = admission == null ? DerpAdmission.ALLOW_ALL : admission;
    }

    public void setClientListener(ClientListener l) {
        this.clientListener = l;
    }

    public Stats stats() {
        return stats;
    }

    public DerpRelayConfig config() {
        return config;
    }

    /** Whether a node key currently has a registered connection. */
    public boolean isConnected(byte[] nodeKey) {
        return clients.containsKey(NodeKey.of(nodeKey));
    }

    public int clientCount() {
        return clients.size();
    }

    /** The last few connection closes as "who: why", newest last. */
    public List<String> recentCloses() {
        synchronized (recentCloses) {
            return new ArrayList<>(recentCloses);
        }
    }

    /** Closes the connection of a node key (e.g. the control server removed the node). */
    public boolean closeClient(byte[] nodeKey, String reason) {
        RelayConnection c = clients.get(NodeKey.of(nodeKey));
        if (c == null) return false;
        c.close(reason);
        return true;
    }

    // ---- for transports and connections ----

    /** A connection for a new transport; the transport stores it, then calls {@code onOpen()} (which may read at once). */
    RelayConnection newConnection(RelayTransport transport) {
        stats.connectionsAccepted.incrementAndGet();
        return new RelayConnection(this, transport);
    }

    byte[] privateKey() { return privateKey; }
    Entropy entropy() { return entropy; }
    ScheduledExecutorService scheduler() { return scheduler; }
    DerpAdmission admission() { return admission; }

    byte[] serverInfoFor(NodeKey client) throws CryptoException {
        return new ServerInfo(DerpConstants.PROTOCOL_VERSION, 0, 0).seal(privateKey, client.bytes(), entropy);
    }

    void register(RelayConnection c) {
        RelayConnection old = clients.put(c.key(), c);
        stats.clientsRegistered.incrementAndGet();
        ClientListener l = clientListener;
        if (l != null) safely(() -> l.clientConnected(c.key().bytes()));
        LOG.debug("derp: {} registered{}", c.describe(), old != null ? " (replacing " + old.describe() + ")" : "");
    }

    /**
     * Delivers one SendPacket's packet (its body after the destination key) from src. Returns the
     * destination connection, or null when nobody has that key (the caller decides about
     * PeerGone(NotHere)).
     */
    RelayConnection route(RelayConnection src, NodeKey dst, byte[] packet) {
        RelayConnection to = clients.get(dst);
        if (to == null) {
            stats.droppedUnknownDestination.incrementAndGet();
            return null;
        }
        // RecvPacket body = source key ‖ packet.
        int bodyLen = DerpConstants.KEY_LEN + packet.length;
        byte[] out = new byte[DerpConstants.FRAME_HEADER_LEN + bodyLen];
        out[0] = (byte) FrameType.RECV_PACKET;
        dev.tabnet.core.util.Bytes.put32be(out, 1, bodyLen);
        src.key().copyTo(out, DerpConstants.FRAME_HEADER_LEN);
        System.arraycopy(packet, 0, out, DerpConstants.FRAME_HEADER_LEN + DerpConstants.KEY_LEN, packet.length);
        if (to.enqueuePacket(out)) {
            stats.packetsRelayed.incrementAndGet();
            stats.bytesRelayed.addAndGet(packet.length);
            if (to.sawSrc.add(src.key())) {
                synchronized (peerGoneWatchers) {
                    peerGoneWatchers.computeIfAbsent(src.key(), k -> new HashSet<>()).add(to);
                }
            }
        } else {
            stats.droppedQueueFull.incrementAndGet();
        }
        return to;
    }

    void onClosed(RelayConnection c, String reason) {
        String who = c.describe();
        synchronized (recentCloses) {
            recentCloses.add(who + ": " + reason);
            while (recentCloses.size() > RECENT_CLOSES) recentCloses.poll();
        }
        if (reason.startsWith("transport closed")) LOG.debug("derp: {} closed: {}", who, reason);
        else LOG.info("derp: closing {}: {}", who, reason);
        NodeKey k = c.key();
        if (k == null || !c.wasRegistered()) return;
        ClientListener l = clientListener;
        if (l != null) safely(() -> l.clientDisconnected(k.bytes()));
        List<RelayConnection> notify = new ArrayList<>();
        synchronized (peerGoneWatchers) {
            for (NodeKey src : c.sawSrc) {
                Set<RelayConnection> s = peerGoneWatchers.get(src);
                if (s != null && s.remove(c) && s.isEmpty()) peerGoneWatchers.remove(src);
            }
            if (clients.remove(k, c)) {
                Set<RelayConnection> s = peerGoneWatchers.remove(k);
                if (s != null) notify.addAll(s);
            }
        }
        for (RelayConnection w : notify) {
            w.sawSrc.remove(k);
            if (w.enqueue(Frames.peerGone(k.bytes(), DerpConstants.PEER_GONE_REASON_DISCONNECTED))) {
                stats.peerGoneDisconnectedSent.incrementAndGet();
            }
        }
    }

    /** Tells every client the relay is restarting, waits briefly for that to leave, then closes all. */
    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("derp: client listener failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        List<RelayConnection> all = new ArrayList<>(clients.values());
        for (RelayConnection c : all) c.enqueue(Frames.restarting(config.restartingReconnectInMillis, config.restartingTryForMillis));
        long end = System.nanoTime() + config.shutdownFlushMillis * 1_000_000L;
        for (RelayConnection c : all) {
            while (c.queuedBytes() > 0 && System.nanoTime() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (RelayConnection c : all) c.close("relay shutting down");
        scheduler.shutdownNow();
    }
}
