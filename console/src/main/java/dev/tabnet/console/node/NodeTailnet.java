package dev.tabnet.console.node;

import dev.tabnet.console.tailnet.PeerInfo;
import dev.tabnet.console.tailnet.ScpListener;
import dev.tabnet.console.tailnet.ScpRequest;
import dev.tabnet.console.tailnet.SshListener;
import dev.tabnet.console.tailnet.SshRequest;
import dev.tabnet.console.tailnet.SshKeyInfo;
import dev.tabnet.console.tailnet.SshSession;
import dev.tabnet.console.tailnet.Tailnet;
import dev.tabnet.core.Clock;
import dev.tabnet.core.control.ControlClient;
import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.DerpMap;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.control.Netmap;
import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.control.noise.NoiseConn;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.derp.ServerInfo;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.json.JsonValue;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.PingCallback;
import dev.tabnet.core.node.NodeEngine;
import dev.tabnet.core.node.Relays;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.HostKey;
import dev.tabnet.core.ssh.HostKeyVerifier;
import dev.tabnet.core.ssh.KnownHosts;
import dev.tabnet.core.ssh.SshAlgorithms;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This tab's tailnet node behind the console, on one {@link NodePlatform} event loop: keys made in
 * memory, the ts2021 control conversation over a WebSocket, the netmap, one DERP client per relay
 * region, and the core data plane ({@link NodeEngine}) with ping, netcheck and SSH on top.
 *
 * <p>Every public method must be called on the platform's event loop. After every event (socket,
 * timer, console call) the node runs {@link #drive}: due timers, the engine's pump, the relays'
 * and the control channel's output, and then one platform timer at the earliest deadline.
 *
 * <p>Failures before the first netmap (unreachable or refusing control server, refused login) put
 * the node in {@link State#ERROR} with words; {@link #up()} tries again. A control connection
 * lost later is redialled by the node itself (phase RECONNECTING, jittered backoff up to 30 s)
 * under the same keys, while WireGuard, the relays and open sessions carry on. A lost relay
 * connection is redialled by its DERP client (with backoff) and the node returns to READY when it
 * is back.
 *
 * <p>SSH: one in-memory ed25519 key per tab (offered first, shown by {@link #sshKey()}); host keys
 * from the netmap (Hostinfo.SSH_HostKeys) and from {@link NodeConfig#knownHosts} are checked
 * silently, others are asked once per tab, and a key that contradicts a known one is refused.
 * {@link #scp} downloads a file over the same kind of connection into the platform's
 * {@link NodePlatform#openDownload sink}.
 */
public final class NodeTailnet implements Tailnet {
    static final long KEY_FETCH_TIMEOUT_NANOS = Clock.seconds(15);
    static final long CONTROL_OPEN_TIMEOUT_NANOS = Clock.seconds(15);
    static final long LOGOUT_TIMEOUT_NANOS = Clock.seconds(5);
    /** Control reconnect backoff: 1 s, doubling, at most 30 s, each delay jittered to 50–100 %. */
    static final long RECONNECT_FIRST_NANOS = Clock.seconds(1);
    static final long RECONNECT_MAX_NANOS = Clock.seconds(30);
    static final long PING_INTERVAL_NANOS = Clock.seconds(1);
    static final long NETCHECK_TIMEOUT_NANOS = Clock.seconds(5);
    static final int NETCHECK_PINGS = 3;
    /** An expiry in the past is how Tailscale clients log out (the server then removes the node). */
    static final String LOGOUT_EXPIRY = "1970-01-01T00:00:01Z";

    private final NodePlatform platform;
    private final NodeConfig config;
    private final NodeStatusListener status;
    private final KnownHosts knownHosts;
    /** The tab's SSH key: made on first use, kept in memory for the life of this object (never persisted). */
    private Ed25519Identity sshIdentity;
    private MachineKey machineKey;
    private byte[] nodePrivateKey;
    private byte[] discoPrivateKey;

    private State state = State.STOPPED;
    private String detail = "";
    private NodePhase phase = NodePhase.LOADING;
    private Run run;
    private PeerInfo lastSelf;

    private final List<Alarm> alarms = new ArrayList<>();
    private NodePlatform.Timer timer;
    private long timerAt = Clock.NEVER;
    private boolean driving;
    private boolean driveAgain;
    private boolean driveAfterInputQueued;

    public NodeTailnet(NodePlatform platform, NodeConfig config, NodeStatusListener status) {
        this.platform = platform;
        this.config = config;
        this.status = status;
        this.knownHosts = new KnownHosts(this::askHostKey);
    }

    // ------------------------------------------------------------------ Tailnet: state

    @Override
    public State state() {
        return state;
    }

    @Override
    public String stateDetail() {
        return detail;
    }

    /** The last phase reported to the status listener. */
    public NodePhase phase() {
        return phase;
    }

    @Override
    public PeerInfo self() {
        if (run != null && run.netmap.self() != null) return peerInfo(run.netmap.self(), run, true);
        return lastSelf;
    }

    @Override
    public List<PeerInfo> peers() {
        if (run == null) return Collections.emptyList();
        List<PeerInfo> out = new ArrayList<>();
        for (NetmapPeer p : run.netmap.peers()) out.add(peerInfo(p, run, p.online));
        return out;
    }

    /**
     * The node's own TCP/IP stack, null until the first netmap (and after down): for adapters
     * that serve or forward ports on the tailnet address (the JVM CLI, tests). Use it on the
     * event loop only, and call {@link #wake} after writing to it from outside a socket callback.
     */
    public NetStack stack() {
        return run == null ? null : run.engine.stack();
    }

    /** Moves whatever is ready now (stack → WireGuard → relays) and re-arms the timer. */
    public void wake() {
        NetStack s = stack();
        if (s != null) s.advance(platform.nowNanos());
        drive();
    }

    /** This node's public node key (null before the first up). */
    public byte[] nodePublicKey() {
        return nodePrivateKey == null ? null : X25519.publicKey(nodePrivateKey);
    }

    // ------------------------------------------------------------------ Tailnet: up / down / logout

    @Override
    public void up() {
        if (run != null && state != State.ERROR) return; // already on its way
        if (run != null) teardown(null);
        if (nodePrivateKey == null) {
            machineKey = MachineKey.generate(platform.entropy());
            nodePrivateKey = X25519.generatePrivateKey(platform.entropy());
            discoPrivateKey = X25519.generatePrivateKey(platform.entropy());
            setState(State.STARTING, NodePhase.KEY_GENERATED, "node key " + KeyText.format(KeyText.NODE_PUBLIC, nodePublicKey()).substring(0, 16) + "…");
        }
        run = new Run();
        run.start();
        drive();
    }

    @Override
    public void down() {
        if (run == null && state == State.STOPPED) return;
        teardown("tailnet is down");
        setState(State.STOPPED, NodePhase.STOPPED, "");
        drive();
    }

    /**
     * Sends a register request with an expiry in the past over the open control channel (how
     * Tailscale clients log out; our server then removes the node at once), waits briefly for the
     * answer, and closes everything. Without a control channel the node is only stopped (an
     * ephemeral node expires on the server once its streams are gone). Either way the keys are
     * forgotten: the next {@link #up()} makes new ones and logs in afresh.
     */
    @Override
    public void logout() {
        Run r = run;
        if (r != null && r.conn != null && r.conn.state() != ControlConnection.State.CLOSED && r.registered) {
            r.sendLogout();
            drive();
            return;
        }
        finishLogout("logged out");
    }

    /** Deferred: it may be reached from inside an HTTP/2 callback, where closing the channel is not safe. */
    private void finishLogout(String words) {
        defer(() -> {
            if (nodePrivateKey != null) logoutNow(words);
        });
    }

    private void logoutNow(String words) {
        teardown("logged out");
        lastSelf = null;
        machineKey = null;
        nodePrivateKey = null;
        discoPrivateKey = null;
        setState(State.STOPPED, NodePhase.STOPPED, words);
        drive();
    }

    // ------------------------------------------------------------------ Tailnet: ping

    @Override
    public Cancellable ping(String target, int count, PingListener listener) {
        Run r = run;
        if (r == null || state != State.RUNNING || r.engine.stack() == null) {
            listener.done("not connected to the tailnet");
            return () -> {};
        }
        NetmapPeer peer = r.find(target);
        IpAddress to = peer != null ? peer.primaryAddress() : parseAddress(target);
        if (peer == null && to == null) {
            listener.done("unknown host " + target + " (not a peer's name or address)");
            return () -> {};
        }
        if (to == null) {
            listener.done(target + " has no address");
            return () -> {};
        }
        PingRun p = new PingRun(r, to, peer, count, listener);
        r.pings.add(p);
        p.sendNext();
        drive();
        return () -> {
            p.cancel();
            drive();
        };
    }

    /** A ping session: one echo request a second, each answered or timed out by the stack. */
    private final class PingRun implements PingCallback {
        final Run r;
        final IpAddress to;
        final NetmapPeer peer;
        final int count;
        final PingListener listener;
        final Map<Integer, Integer> seqByStackSeq = new HashMap<>();
        int sent, answered;
        boolean done;
        Alarm next;

        PingRun(Run r, IpAddress to, NetmapPeer peer, int count, PingListener listener) {
            this.r = r;
            this.to = to;
            this.peer = peer;
            this.count = count;
            this.listener = listener;
        }

        void sendNext() {
            if (done || r != run) return;
            long now = platform.nowNanos();
            r.engine.stack().advance(now); // the stack timestamps the request with its own clock
            sent++;
            seqByStackSeq.put(r.engine.stack().ping(to, new byte[56], this), sent);
            r.engine.pump(now);
            if (sent < count) next = at(now + PING_INTERVAL_NANOS, this::sendNext);
        }

        @Override
        public void onReply(IpAddress from, int sequence, long rttNanos, byte[] data) {
            Integer seq = seqByStackSeq.remove(sequence);
            if (done || seq == null) return;
            listener.reply(AddressText.of(from), seq, rttNanos / 1e6, "via " + r.pathTo(peer));
            answered++;
            maybeDone();
        }

        @Override
        public void onTimeout(IpAddress address, int sequence) {
            Integer seq = seqByStackSeq.remove(sequence);
            if (done || seq == null) return;
            listener.timeout(seq);
            answered++;
            maybeDone();
        }

        private void maybeDone() {
            if (answered >= count) finish(null);
        }

        void finish(String error) {
            if (done) return;
            done = true;
            if (next != null) next.cancel();
            r.pings.remove(this);
            listener.done(error);
        }

        void cancel() {
            if (done) return;
            done = true;
            if (next != null) next.cancel();
            r.pings.remove(this);
        }
    }

    // ------------------------------------------------------------------ Tailnet: netcheck

    @Override
    public Cancellable netcheck(NetcheckListener listener) {
        Run r = run;
        if (r == null || state != State.RUNNING) {
            listener.done("not connected to the tailnet");
            return () -> {};
        }
        NetcheckRun n = new NetcheckRun(r, listener);
        r.netchecks.add(n);
        n.start();
        drive();
        return () -> {
            n.cancel();
            drive();
        };
    }

    /**
     * Relay latency by DERP Ping/Pong, the best of a few, region by region. Regions we have no
     * connection to get a short-lived probe connection.
     */
    private final class NetcheckRun {
        final Run r;
        final NetcheckListener listener;
        final List<Integer> regions = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int index = -1;
        RelayLink link;
        RelayLink probe;
        byte[] payload;
        long sentAt;
        int pings;
        long best = Long.MAX_VALUE;
        Alarm timeout;
        boolean done;

        NetcheckRun(Run r, NetcheckListener listener) {
            this.r = r;
            this.listener = listener;
        }

        void start() {
            regions.addAll(r.netmap.derpMap().regions.keySet());
            nextRegion();
        }

        void nextRegion() {
            closeProbe();
            if (done) return;
            index++;
            if (index >= regions.size()) {
                finish(regions.isEmpty() ? "the DERP map has no regions"
                        : failures.size() == regions.size() ? "no relay answered: " + String.join("; ", failures)
                        : failures.isEmpty() ? null : String.join("; ", failures));
                return;
            }
            int id = regions.get(index);
            pings = 0;
            best = Long.MAX_VALUE;
            link = r.relays.get(id);
            if (link == null) {
                DerpMap.Region region = r.netmap.derpMap().region(id);
                probe = new RelayLink(id, region.nodes.get(0).webSocketUrl(), false, nodePrivateKey, platform, new DerpClientListener() {
                    @Override
                    public void onPacket(NodeKey source, byte[] data, long nowNanos) {}

                    @Override
                    public void onConnected(ServerInfo info, long nowNanos) {
                        relayReady(id);
                    }

                    @Override
                    public void onPong(byte[] data) {
                        pong(id, data);
                    }
                }, NodeTailnet.this::drive, NodeTailnet.this::drive); // a probe's pong is timed on arrival
                link = probe;
            }
            timeout = at(platform.nowNanos() + NETCHECK_TIMEOUT_NANOS, () -> {
                failures.add(regionName(r, id) + ": no answer within " + (NETCHECK_TIMEOUT_NANOS / 1_000_000_000L) + " s");
                nextRegion();
            });
            if (link.client.isReady()) sendPing();
        }

        void relayReady(int id) {
            if (!done && index >= 0 && index < regions.size() && regions.get(index) == id && pings == 0 && payload == null) sendPing();
        }

        void sendPing() {
            payload = platform.entropy().bytes(8);
            sentAt = platform.nowNanos();
            if (!link.client.sendPing(payload)) payload = null;
        }

        void pong(int regionId, byte[] data) {
            if (done || payload == null || index < 0 || index >= regions.size() || regions.get(index) != regionId) return;
            if (!java.util.Arrays.equals(payload, data)) return;
            long rtt = platform.nowNanos() - sentAt;
            payload = null;
            best = Math.min(best, rtt);
            if (++pings < NETCHECK_PINGS) {
                sendPing();
                return;
            }
            timeout.cancel();
            listener.region(regionId, regionName(r, regionId), best / 1e6, regionId == r.engine.homeRegion());
            nextRegion();
        }

        void closeProbe() {
            if (timeout != null) timeout.cancel();
            payload = null;
            if (probe != null) {
                probe.close(platform.nowNanos());
                probe = null;
            }
        }

        long nextDeadline() {
            return probe == null ? Clock.NEVER : probe.nextDeadline();
        }

        void step(long now) {
            if (probe != null) probe.drive(now);
        }

        void finish(String error) {
            if (done) return;
            done = true;
            closeProbe();
            r.netchecks.remove(this);
            listener.done(error);
        }

        void cancel() {
            if (done) return;
            done = true;
            closeProbe();
            r.netchecks.remove(this);
        }
    }

    // ------------------------------------------------------------------ Tailnet: ssh

    @Override
    public SshSession ssh(SshRequest request, SshListener listener) {
        return connectSsh(request, listener, NodeSsh.terminal(request, listener));
    }

    @Override
    public SshSession scp(ScpRequest request, ScpListener listener) {
        SshRequest connection = new SshRequest(request.user, request.host, request.port, null, 80, 24);
        return connectSsh(connection, listener, NodeScp.factory(platform, request.path, listener));
    }

    /** One SSH connection to a peer (host key check, the tab's key, then prompts) running what. */
    private SshSession connectSsh(SshRequest request, SshListener listener, NodeSsh.WorkFactory what) {
        Run r = run;
        if (r == null || state != State.RUNNING || r.engine.stack() == null) {
            listener.closed(null, "not connected to the tailnet");
            return SshSession.ENDED;
        }
        NetmapPeer peer = r.find(request.host);
        IpAddress to = peer != null ? peer.primaryAddress() : parseAddress(request.host);
        if (to == null) {
            listener.closed(null, peer == null ? "unknown host " + request.host + " (not a peer's name or address)" : request.host + " has no address");
            return SshSession.ENDED;
        }
        // The name the host key is checked under: the address, "[address]:port" off port 22 (as known_hosts has it).
        String hostKeyName = request.port == 22 ? to.toString() : "[" + to + "]:" + request.port;
        trustKnownHostKeys(hostKeyName, peer, to, request);
        SshAlgorithms algorithms = SshAlgorithms.defaults().preferringHostKeyTypes(knownHosts.knownTypes(hostKeyName));
        NodeSsh[] holder = new NodeSsh[1];
        NodeSsh s = new NodeSsh(platform, r.engine.stack(), to, hostKeyName, request, verifierFor(listener), sshIdentity(), algorithms, platform.entropy(), listener, this::drive,
                () -> r.sessions.remove(holder[0]), what);
        holder[0] = s;
        if (!s.finished()) r.sessions.add(s);
        drive();
        return s;
    }

    static final String FROM_CONTROL = "vouched for by the control server";
    static final String FROM_CONFIG = "from the page config";

    /**
     * Host keys we know before asking: the peer's Hostinfo.SSH_HostKeys from the netmap, and the
     * config's known_hosts lines naming this peer (by name, MagicDNS name or address; "[host]:port"
     * for another port than 22). Each becomes a silent match; any other key is then refused.
     */
    private void trustKnownHostKeys(String hostKeyName, NetmapPeer peer, IpAddress to, SshRequest request) {
        if (peer != null) for (String k : peer.sshHostKeys) knownHosts.add(hostKeyName, k, FROM_CONTROL);
        List<String> names = new ArrayList<>();
        names.add(request.host);
        names.add(AddressText.of(to));
        names.add(to.toString());
        if (peer != null) {
            names.add(peer.shortName());
            names.add(peer.name);
            names.add(dotless(peer.name));
            for (IpAddress a : peer.addresses) names.add(AddressText.of(a));
        }
        for (String line : config.knownHosts) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int sp = t.indexOf(' ');
            if (sp < 0) continue;
            if (hostsMatch(t.substring(0, sp), names, request.port)) knownHosts.add(hostKeyName, t.substring(sp + 1).trim(), FROM_CONFIG);
        }
    }

    /** known_hosts' host field: comma-separated names, "[name]:port" for a non-default port. */
    private static boolean hostsMatch(String field, List<String> names, int port) {
        for (int start = 0; start <= field.length(); ) {
            int comma = field.indexOf(',', start);
            if (comma < 0) comma = field.length();
            String h = field.substring(start, comma);
            start = comma + 1;
            int p = 22;
            if (h.startsWith("[") && h.indexOf("]:") > 0) {
                try {
                    p = Integer.parseInt(h.substring(h.indexOf("]:") + 2));
                } catch (NumberFormatException e) {
                    continue;
                }
                h = h.substring(1, h.indexOf("]:"));
            }
            if (p != port) continue;
            for (String n : names) if (n.equalsIgnoreCase(h)) return true;
        }
        return false;
    }

    @Override
    public SshKeyInfo sshKey() {
        Ed25519Identity id = sshIdentity();
        return new SshKeyInfo(id.authorizedKeysLine(sshKeyComment()), id.fingerprint());
    }

    private Ed25519Identity sshIdentity() {
        if (sshIdentity == null) sshIdentity = Ed25519Identity.generate(platform.entropy());
        return sshIdentity;
    }

    /** "tabnet-<hostname>", so a host's authorized_keys says where the line came from. */
    private String sshKeyComment() {
        String h = config.hostname == null ? "" : config.hostname.trim();
        StringBuilder b = new StringBuilder("tabnet");
        if (!h.isEmpty()) b.append('-');
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            b.append(c > ' ' && c < 0x7f ? c : '_'); // one word: authorized_keys splits on spaces
        }
        return b.toString();
    }

    /** The console of the session whose host key KnownHosts is checking (it asks synchronously). */
    private SshListener hostKeyAsker;

    private HostKeyVerifier verifierFor(SshListener console) {
        return (host, key, decision) -> {
            hostKeyAsker = console;
            try {
                knownHosts.verify(host, key, decision);
            } finally {
                hostKeyAsker = null;
            }
        };
    }

    private void askHostKey(String host, HostKey key, HostKeyVerifier.Decision decision) {
        SshListener l = hostKeyAsker;
        if (l == null) {
            decision.reject("no console to confirm the host key");
            return;
        }
        l.confirmHostKey(host, key.type, key.fingerprint(), yes -> {
            if (Boolean.TRUE.equals(yes)) decision.accept();
            else decision.reject("host key verification failed (not accepted)");
            drive();
        });
    }

    // ------------------------------------------------------------------ one attempt to be online

    /** Everything one up() builds; teardown drops it as a whole, and stale callbacks check {@code run == this}. */
    private final class Run implements Relays, ControlClient.Listener {
        final Netmap netmap = new Netmap();
        final NodeEngine engine;
        final Map<Integer, RelayLink> relays = new HashMap<>();
        final Map<Long, String[]> osAndUser = new HashMap<>();
        final Map<Long, String> userNames = new HashMap<>();
        final List<PingRun> pings = new ArrayList<>();
        final List<NetcheckRun> netchecks = new ArrayList<>();
        final List<NodeSsh> sessions = new ArrayList<>();
        ControlConnection conn;
        ControlClient client;
        NodePlatform.Socket controlSocket;
        boolean controlOpen;
        boolean failing;
        boolean loginShown;
        boolean registered;
        boolean homeRelayUp;
        boolean relayEverUp;
        boolean loggingOut;
        Alarm openTimeout;
        Alarm keyTimeout;
        /** Counts control attempts; callbacks of an older attempt's socket or fetch are ignored. */
        int attempt;
        /** The current attempt has delivered a netmap (so READY may be shown). */
        boolean controlUp;
        /** Consecutive lost control connections since the last good netmap; sets the backoff. */
        int reconnects;
        boolean reconnectPending;
        Alarm reconnectAlarm;

        Run() {
            long now = platform.nowNanos();
            engine = new NodeEngine(nodePrivateKey, discoPrivateKey, platform.entropy(), platform.unixTimeMillis() * 1_000_000L - now, this);
        }

        /** One attempt at the control conversation: /key, the ts2021 WebSocket, register, the map stream. */
        void start() {
            int my = ++attempt;
            String url = config.controlUrl + "key?v=" + NodeConfig.CAPABILITY_VERSION;
            Alarm timeout = at(platform.nowNanos() + KEY_FETCH_TIMEOUT_NANOS, () -> {
                if (attempt == my) controlFailed("the control server at " + config.controlUrl + " did not answer /key within "
                        + (KEY_FETCH_TIMEOUT_NANOS / 1_000_000_000L) + " s");
            });
            keyTimeout = timeout;
            platform.httpGet(url, new NodePlatform.HttpCallback() {
                @Override
                public void onResponse(int code, String body) {
                    timeout.cancel();
                    if (run != Run.this || attempt != my) return;
                    onControlKey(code, body, my);
                    drive();
                }

                @Override
                public void onError(String message) {
                    timeout.cancel();
                    if (run != Run.this || attempt != my) return;
                    controlFailed("cannot reach the control server at " + config.controlUrl + ": " + message);
                    drive();
                }
            });
        }

        /**
         * The control conversation failed. Before the first netmap that ends the attempt (ERROR, and
         * up() tries again); afterwards the node stays up on what it has — WireGuard, the relays and
         * open sessions need no control server — and reconnects by itself with jittered exponential
         * backoff, under the same keys (the server still knows the node, so it is authorized at once).
         */
        void controlFailed(String why) {
            if (netmap.self() == null || loggingOut) {
                fail(why);
                return;
            }
            if (reconnectPending || failing) return;
            reconnectPending = true;
            defer(() -> {
                if (run != Run.this) return;
                dropControl();
                reconnects++;
                long cap = RECONNECT_MAX_NANOS;
                long base = Math.min(cap, RECONNECT_FIRST_NANOS << Math.min(reconnects - 1, 10));
                byte[] r = platform.entropy().bytes(2);
                long jittered = base / 2 + (base / 2) * (((r[0] & 0xff) << 8) | (r[1] & 0xff)) / 65535; // 50–100 %
                long seconds = Math.max(1, (jittered + 500_000_000L) / 1_000_000_000L);
                setState(State.RUNNING, NodePhase.RECONNECTING, "lost the control server (" + why + "); retrying in " + seconds
                        + " s; the tailnet keeps working meanwhile");
                reconnectAlarm = at(platform.nowNanos() + jittered, () -> {
                    if (run != Run.this) return;
                    reconnectPending = false;
                    setState(State.RUNNING, NodePhase.RECONNECTING, "reconnecting to the control server at " + config.controlUrl
                            + " (attempt " + reconnects + ")");
                    start();
                });
            });
        }

        /** Closes the control pieces of the current attempt, keeping the data plane. */
        void dropControl() {
            attempt++; // whatever the old socket or fetch still says is stale now
            controlUp = false;
            registered = false;
            if (openTimeout != null) openTimeout.cancel();
            if (keyTimeout != null) keyTimeout.cancel();
            if (client != null) client.stop();
            if (conn != null) {
                conn.close(); // GOAWAY, if the socket is still there to carry it
                flushControl();
            }
            controlOpen = false;
            if (controlSocket != null) controlSocket.close();
            client = null;
            conn = null;
            controlSocket = null;
        }

        private void onControlKey(int code, String body, int my) {
            if (code != 200) {
                controlFailed("the control server answered HTTP " + code + " for /key" + (body == null || body.trim().isEmpty() ? "" : ": " + clip(body.trim())));
                return;
            }
            byte[] controlKey;
            try {
                JsonValue v = JsonReader.parse(body);
                String text = v.type() == JsonValue.Type.OBJECT ? v.asObject().getString("publicKey") : null;
                controlKey = KeyText.parse(KeyText.MACHINE_PUBLIC, text);
            } catch (JsonException | KeyText.KeyFormatException e) {
                controlFailed("the control server's /key answer is unusable: " + e.getMessage());
                return;
            }
            String wsBase = UrlText.webSocketBase(config.controlUrl);
            String authority = UrlText.authority(config.controlUrl);
            if (wsBase == null || authority == null) {
                fail("the control URL must be http:// or https://, not " + config.controlUrl);
                return;
            }
            Http2Config h2 = new Http2Config();
            h2.authority = authority;
            long now = platform.nowNanos();
            ControlConnection c = ControlConnection.open(machineKey, controlKey, NodeConfig.CAPABILITY_VERSION, h2, null, platform.entropy(), now);
            conn = c;
            if (c.state() == ControlConnection.State.CLOSED) {
                controlFailed("control channel: " + c.failure());
                return;
            }
            client = new ControlClient(c, NodeConfig.CAPABILITY_VERSION, X25519.publicKey(nodePrivateKey), X25519.publicKey(discoPrivateKey),
                    config.hostname, config.authKey, engine.homeRegion(), this);
            client.reportSshHostKeys(config.sshHostKeys);
            client.start(); // queued until the Noise handshake completes
            String wsUrl = wsBase + "ts2021?X-Tailscale-Handshake=" + UrlText.queryEscape(UrlText.base64(c.initiationMessage()));
            if (netmap.self() == null) setState(State.STARTING, NodePhase.REGISTERING, "as " + config.hostname + " at " + config.controlUrl);
            openTimeout = at(now + CONTROL_OPEN_TIMEOUT_NANOS, () -> {
                if (attempt == my && c.state() != ControlConnection.State.OPEN) {
                    controlFailed("no ts2021 handshake with the control server within " + (CONTROL_OPEN_TIMEOUT_NANOS / 1_000_000_000L) + " s");
                }
            });
            boolean[] closed = new boolean[1];
            NodePlatform.Socket s = platform.openWebSocket(wsUrl, "tailscale-control-protocol", new NodePlatform.SocketListener() {
                @Override
                public void onOpen() {
                    if (run != Run.this || attempt != my) return;
                    controlOpen = true;
                    drive();
                }

                @Override
                public void onBinary(byte[] data) {
                    if (run != Run.this || attempt != my) return;
                    c.onNetworkBytes(data, 0, data.length, platform.nowNanos());
                    checkControl();
                    drive();
                }

                @Override
                public void onClose(int code, String reason) {
                    closed[0] = true;
                    if (run != Run.this || attempt != my) return;
                    controlSocket = null;
                    // Our words first: resetting the streams below makes the control client fail too, less clearly.
                    if (!loggingOut) controlFailed("the control connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
                    else finishLogout("logged out (the control connection closed before the answer)");
                    c.onTransportClosed();
                    drive();
                }
            });
            if (!closed[0]) controlSocket = s;
        }

        /** A Noise or HTTP/2 failure closes the channel without telling a stream; catch it here. */
        void checkControl() {
            if (conn != null && conn.state() == ControlConnection.State.CLOSED && conn.failure() != null && run == this && !loggingOut) {
                controlFailed("control channel failed: " + conn.failure());
            }
        }

        void flushControl() {
            if (conn == null || controlSocket == null || !controlOpen) return;
            while (conn.hasNetworkOutput()) controlSocket.send(conn.takeNetworkOutput(NoiseConn.MAX_WEBSOCKET_MESSAGE));
        }

        // --- ControlClient.Listener

        @Override
        public void onLoginUrl(String authUrl, String matchingCode) {
            if (run != this) return;
            if (netmap.self() != null) { // a reconnect the server answers with a login: it forgot this node
                fail("the control server no longer knows this node and asks for a new login; up logs in again");
                return;
            }
            loginShown = true;
            setState(State.NEEDS_LOGIN, NodePhase.NEEDS_LOGIN, "open " + authUrl + " and check the code " + matchingCode);
            status.onLoginUrl(authUrl, matchingCode);
        }

        @Override
        public void onRegistered(JsonObject registerResponse) {
            if (run != this) return;
            registered = true;
            if (openTimeout != null) openTimeout.cancel();
            if (netmap.self() != null) {
                setState(State.RUNNING, NodePhase.RECONNECTING, "registered again with the control server; waiting for the netmap");
                return;
            }
            setState(State.CONNECTING, NodePhase.APPROVED, loginShown ? "login approved" : "pre-auth key accepted");
            if (loginShown) status.onLoginDone();
        }

        @Override
        public void onMapResponse(JsonObject m) {
            if (run != this) return;
            try {
                netmap.apply(m);
            } catch (JsonException e) {
                fail("the control server sent a bad netmap: " + e.getMessage());
                return;
            }
            notePeerDetails(m);
            engine.applyNetmap(netmap, platform.nowNanos());
            // Tell the server our home relay once the engine has one, so peers' netmaps carry our HomeDERP.
            if (client != null && engine.homeRegion() > 0) client.updatePreferredDerp(engine.homeRegion());
            controlUp = true;
            reconnects = 0;
            for (NodeSsh s : new ArrayList<>(sessions)) s.flush();
            checkReady();
        }

        @Override
        public void onFailed(String reason) {
            if (run != this || loggingOut) return;
            // A refusal is final; a broken stream or connection is worth reconnecting.
            if (reason.startsWith("registration refused")) fail("control: " + reason);
            else controlFailed("control: " + reason);
        }

        /** Hostinfo.OS and the owner, which the core's netmap does not keep. */
        private void notePeerDetails(JsonObject m) {
            if (m.getArray("UserProfiles") != null) {
                for (JsonValue v : m.getArray("UserProfiles")) {
                    JsonObject u = v.asObject();
                    userNames.put(u.getLong("ID", 0), u.getString("LoginName", u.getString("DisplayName", "")));
                }
            }
            if (m.getObject("Node") != null) noteNode(m.getObject("Node"));
            for (String key : new String[] {"Peers", "PeersChanged"}) {
                if (m.getArray(key) != null) for (JsonValue v : m.getArray(key)) noteNode(v.asObject());
            }
        }

        private void noteNode(JsonObject n) {
            JsonObject hi = n.getObject("Hostinfo");
            String os = hi == null ? "" : hi.getString("OS", "");
            boolean tagged = n.getArray("Tags") != null && n.getArray("Tags").size() > 0;
            osAndUser.put(n.getLong("ID", 0), new String[] {os, tagged ? "tagged-devices" : Long.toString(n.getLong("User", 0))});
        }

        String userOf(long nodeId) {
            String[] d = osAndUser.get(nodeId);
            if (d == null) return "";
            if (d[1].equals("tagged-devices")) return d[1];
            String name = userNames.get(Long.parseLong(d[1]));
            return name == null ? "" : name;
        }

        String osOf(long nodeId) {
            String[] d = osAndUser.get(nodeId);
            return d == null || d[0].isEmpty() ? "-" : d[0];
        }

        // --- Relays (called by the engine)

        @Override
        public void ensureRelay(int regionId, String webSocketUrl, boolean home) {
            RelayLink l = relays.get(regionId);
            if (l != null && l.url.equals(webSocketUrl)) {
                l.client.notePreferred(home);
                return;
            }
            if (l != null) l.close(platform.nowNanos());
            relays.put(regionId, new RelayLink(regionId, webSocketUrl, home, nodePrivateKey, platform, new RelayEvents(regionId),
                    NodeTailnet.this::drive, NodeTailnet.this::driveAfterPendingInput));
        }

        @Override
        public void retainOnly(Set<Integer> regionIds) {
            for (Iterator<Map.Entry<Integer, RelayLink>> it = relays.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, RelayLink> e = it.next();
                if (!regionIds.contains(e.getKey())) {
                    e.getValue().close(platform.nowNanos());
                    it.remove();
                }
            }
        }

        @Override
        public void send(int regionId, byte[] destinationNodeKey, byte[] packet, long nowNanos) {
            RelayLink l = relays.get(regionId);
            if (l != null) l.client.send(destinationNodeKey, packet, nowNanos);
        }

        final class RelayEvents implements DerpClientListener {
            final int regionId;

            RelayEvents(int regionId) {
                this.regionId = regionId;
            }

            @Override
            public void onPacket(NodeKey source, byte[] data, long nowNanos) {
                if (run != Run.this) return;
                engine.onRelayPacket(regionId, source.bytes(), data, nowNanos);
            }

            @Override
            public void onConnected(ServerInfo info, long nowNanos) {
                if (run != Run.this) return;
                for (NetcheckRun n : new ArrayList<>(netchecks)) n.relayReady(regionId);
                if (regionId != engine.homeRegion()) return;
                homeRelayUp = true;
                relayEverUp = true;
                if (!controlUp && netmap.self() != null) {
                    setState(State.RUNNING, NodePhase.RECONNECTING, "relay " + regionName(Run.this, regionId)
                            + " is back; still reconnecting to the control server");
                } else {
                    setState(State.CONNECTING, NodePhase.RELAY_CONNECTED, "relay " + regionName(Run.this, regionId));
                }
                checkReady();
            }

            @Override
            public void onDisconnected(String reason, long nowNanos) {
                if (run != Run.this || regionId != engine.homeRegion() || loggingOut) return;
                homeRelayUp = false;
                setState(State.ERROR, NodePhase.ERROR, "relay " + regionName(Run.this, regionId) + " unreachable: " + reason + " (retrying)");
            }

            @Override
            public void onPong(byte[] data) {
                if (run != Run.this) return;
                for (NetcheckRun n : new ArrayList<>(netchecks)) n.pong(regionId, data);
            }
        }

        void checkReady() {
            if (netmap.self() == null || !homeRelayUp || !controlUp || phase == NodePhase.READY) return;
            NetmapPeer self = netmap.self();
            IpAddress a = self.primaryAddress();
            setState(State.RUNNING, NodePhase.READY, (a == null ? "-" : AddressText.of(a)) + " " + dotless(self.name));
        }

        /** By name (short or MagicDNS) or by any address, in whatever text form it is typed. */
        NetmapPeer find(String query) {
            NetmapPeer p = netmap.find(query);
            if (p != null) return p;
            IpAddress a = parseAddress(query);
            if (a == null) return null;
            for (NetmapPeer q : netmap.peers()) if (q.addresses.contains(a)) return q;
            return null;
        }

        String pathTo(NetmapPeer peer) {
            int region = peer != null && peer.homeDerp != 0 ? peer.homeDerp : engine.homeRegion();
            DerpMap.Region r = netmap.derpMap().region(region);
            return "DERP(" + (r == null || r.code.isEmpty() ? Integer.toString(region) : r.code) + ")";
        }

        // --- logout

        void sendLogout() {
            loggingOut = true;
            JsonObject req = new JsonObject();
            req.put("Version", NodeConfig.CAPABILITY_VERSION);
            req.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, X25519.publicKey(nodePrivateKey)));
            req.put("OldNodeKey", KeyText.format(KeyText.NODE_PUBLIC, new byte[32]));
            req.put("NLKey", KeyText.format(KeyText.TAILNET_LOCK_PUBLIC, new byte[32]));
            req.put("Expiry", LOGOUT_EXPIRY);
            req.put("Followup", "");
            req.put("Hostinfo", new JsonObject().put("Hostname", config.hostname).put("OS", "js"));
            req.put("Ephemeral", true);
            Alarm giveUp = at(platform.nowNanos() + LOGOUT_TIMEOUT_NANOS, () -> {
                if (run == Run.this) finishLogout("logged out (the control server did not confirm in time)");
            });
            conn.request("POST", "/machine/register", List.of(new HeaderField("content-type", "application/json")), req.toUtf8(),
                    new Http2StreamListener() {
                        int code;

                        @Override
                        public void onHeaders(Http2Stream s, int status, List<HeaderField> headers, boolean endStream) {
                            code = status;
                        }

                        @Override
                        public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {}

                        @Override
                        public void onEnd(Http2Stream s) {
                            giveUp.cancel();
                            if (run == Run.this) finishLogout(code == 200 ? "logged out; the server forgot this node" : "logged out (the server answered HTTP " + code + ")");
                        }

                        @Override
                        public void onReset(Http2Stream s, int errorCode, boolean refused, String reason) {
                            giveUp.cancel();
                            if (run == Run.this) finishLogout("logged out (the logout request failed: " + reason + ")");
                        }
                    });
        }

        // --- lifecycle

        void step(long now) {
            if (conn != null) {
                conn.poll(now);
                checkControl();
                if (run != this) return;
            }
            if (engine.nextDeadline() <= now) engine.onTimer(now);
            for (NodeSsh s : new ArrayList<>(sessions)) s.onTimer(now);
            for (NodeSsh s : new ArrayList<>(sessions)) s.flush();
            engine.pump(now);
            for (RelayLink l : new ArrayList<>(relays.values())) l.drive(now);
            for (NetcheckRun n : new ArrayList<>(netchecks)) n.step(now);
            flushControl();
        }

        long nextDeadline() {
            long d = engine.nextDeadline();
            if (conn != null && conn.state() == ControlConnection.State.HANDSHAKING) d = Math.min(d, conn.nextDeadline());
            for (RelayLink l : relays.values()) d = Math.min(d, l.nextDeadline());
            for (NodeSsh s : sessions) d = Math.min(d, s.nextDeadline());
            for (NetcheckRun n : netchecks) d = Math.min(d, n.nextDeadline());
            return d;
        }

        void close(String why) {
            long now = platform.nowNanos();
            if (loginShown && !registered) status.onLoginDone(); // the QR code is of no use any more
            for (PingRun p : new ArrayList<>(pings)) p.finish(why);
            for (NetcheckRun n : new ArrayList<>(netchecks)) n.finish(why);
            for (NodeSsh s : new ArrayList<>(sessions)) s.abort(why);
            for (NodeSsh s : new ArrayList<>(sessions)) s.flush();
            engine.pump(now);
            for (RelayLink l : relays.values()) l.close(now);
            relays.clear();
            if (openTimeout != null) openTimeout.cancel();
            if (keyTimeout != null) keyTimeout.cancel();
            if (reconnectAlarm != null) reconnectAlarm.cancel();
            if (client != null) client.stop();
            if (conn != null) {
                conn.close(); // GOAWAY
                flushControl();
            }
            if (controlSocket != null) {
                controlSocket.close();
                controlSocket = null;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The current attempt failed. Deferred to the drive loop: failures are often reported from
     * inside a core callback (an HTTP/2 stream's, a DERP client's), which must not tear down the
     * machine it is running in.
     */
    private void fail(String why) {
        Run r = run;
        if (r == null || r.failing) return;
        r.failing = true;
        defer(() -> {
            if (run != r) return;
            teardown(why);
            setState(State.ERROR, NodePhase.ERROR, why);
        });
    }

    /** Runs task in the drive loop's next round (at once, but outside whatever callback we are in). */
    private void defer(Runnable task) {
        at(Long.MIN_VALUE, task);
        driveAgain = true;
    }

    private void teardown(String why) {
        Run r = run;
        if (r == null) return;
        if (r.netmap.self() != null) lastSelf = peerInfo(r.netmap.self(), r, false);
        run = null;
        r.close(why == null ? "tailnet restarted" : why);
    }

    private void setState(State s, NodePhase p, String words) {
        state = s;
        detail = words == null ? "" : words;
        phase = p;
        status.onPhase(p, detail);
    }

    private PeerInfo peerInfo(NetmapPeer p, Run r, boolean online) {
        List<String> addrs = new ArrayList<>();
        for (IpAddress a : p.addresses) addrs.add(AddressText.of(a));
        DerpMap.Region region = r.netmap.derpMap().region(p.homeDerp);
        return new PeerInfo(p.shortName(), p.name, addrs, online, r.osOf(p.id), region == null ? "" : region.name, r.userOf(p.id));
    }

    private static String regionName(Run r, int id) {
        DerpMap.Region region = r.netmap.derpMap().region(id);
        if (region == null) return Integer.toString(id);
        return region.name.isEmpty() ? region.code : region.name;
    }

    /** An IP address, or null if the text is not one. */
    private static IpAddress parseAddress(String text) {
        try {
            return IpAddress.parse(text);
        } catch (RuntimeException e) { // IllegalArgumentException, or anything a strange text provokes
            return null;
        }
    }

    private static String dotless(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ------------------------------------------------------------------ the drive loop and its one timer

    /** A task of ours at a monotonic time (ping intervals, time-outs). */
    private final class Alarm {
        final long at;
        final Runnable task;

        Alarm(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        void cancel() {
            alarms.remove(this);
        }
    }

    private Alarm at(long when, Runnable task) {
        Alarm a = new Alarm(when, task);
        alarms.add(a);
        return a;
    }

    /** A drive once the platform has handed over the relay messages already waiting (at most one queued). */
    private void driveAfterPendingInput() {
        if (driveAfterInputQueued) return;
        driveAfterInputQueued = true;
        platform.afterPendingInput(() -> {
            driveAfterInputQueued = false;
            drive();
        });
    }

    /**
     * Runs everything that is due and moves all output; then sets the one platform timer to the
     * earliest deadline. Re-entrant calls (from callbacks inside) just ask for another round.
     */
    void drive() {
        if (driving) {
            driveAgain = true;
            return;
        }
        driving = true;
        try {
            int rounds = 0;
            do {
                driveAgain = false;
                long now = platform.nowNanos();
                for (Alarm a : new ArrayList<>(alarms)) {
                    if (a.at <= now && alarms.remove(a)) a.task.run();
                }
                Run r = run;
                if (r != null) r.step(now);
            } while (driveAgain && ++rounds < 100);
            reschedule();
        } finally {
            driving = false;
        }
    }

    private void reschedule() {
        long d = Clock.NEVER;
        for (Alarm a : alarms) d = Math.min(d, a.at);
        if (run != null) d = Math.min(d, run.nextDeadline());
        // A pending timer at or before the new deadline stays: waking early only costs one more
        // drive, while re-arming on every message (each DERP frame moves the read deadline) costs more.
        if (timer != null && timerAt <= d) return;
        if (timer != null) timer.cancel();
        timer = null;
        timerAt = d;
        if (d == Clock.NEVER) return;
        long now = platform.nowNanos();
        // At least 1 ms, so a deadline that does not move cannot spin the event loop.
        long delay = d == Long.MIN_VALUE ? 1_000_000L : Math.max(1_000_000L, d - now);
        NodePlatform.Timer[] self = new NodePlatform.Timer[1];
        self[0] = platform.schedule(delay, () -> {
            if (timer != self[0]) return;
            timer = null;
            timerAt = Clock.NEVER;
            drive();
        });
        timer = self[0];
    }
}
