package dev.tabnet.server.machine;

import dev.tabnet.server.tailnet.AclPolicy;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code POST /machine/map}: checks that the node key is registered to the Noise session's machine,
 * records the disco key and home relay the client reports, and starts a {@link MapSession} that
 * streams the netmap and its changes.
 */
public final class MapService {
    /** headscale's minimum at the time of writing (Tailscale 1.80); older clients get 400. */
    public static final int MIN_CAPABILITY_VERSION = 113;
    /** As headscale: a keep-alive every 50 s plus up to 9 s of jitter; clients give up after 120 s. */
    public static final long KEEPALIVE_MILLIS = 50_000;
    public static final long KEEPALIVE_JITTER_MILLIS = 9_000;

    private final Tailnet tailnet;
    private final AclPolicy acl;
    private final DerpRegion derp;
    private final ScheduledExecutorService scheduler;
    private final long keepAliveMillis;

    public MapService(Tailnet tailnet, AclPolicy acl, DerpRegion derp, ScheduledExecutorService scheduler, long keepAliveMillis) {
        this.tailnet = tailnet;
        this.acl = acl;
        this.derp = derp;
        this.scheduler = scheduler;
        this.keepAliveMillis = keepAliveMillis;
    }

    /**
     * Handles one map request. For a stream the session keeps writing to {@code sink} until closed;
     * otherwise one full netmap (or nothing, for an OmitPeers update) is written and the sink closed.
     */
    public MapSession open(ClientContext client, Map<String, Object> request, MapSink sink) throws MapRequestException {
        Object version = request.get("Version");
        if (!(version instanceof Number) || ((Number) version).intValue() < MIN_CAPABILITY_VERSION) {
            throw new MapRequestException(400, "capability version " + version + " is too old; at least " + MIN_CAPABILITY_VERSION + " is needed");
        }
        byte[] nodeKey = KeyText.parse(request.get("NodeKey"), KeyText.NODE);
        TailnetNode node = nodeKey == null ? null : tailnet.byNodeKey(nodeKey);
        if (node == null || !Arrays.equals(node.machineKey(), client.machineKey())) {
            throw new MapRequestException(404, "node not found for this machine; register first");
        }
        byte[] disco = KeyText.parse(request.get("DiscoKey"), KeyText.DISCO);
        Map<?, ?> hostinfo = request.get("Hostinfo") instanceof Map ? (Map<?, ?>) request.get("Hostinfo") : null;
        tailnet.update(node, disco != null ? disco : node.discoKey(), preferredDerp(request, node),
                hostinfo == null ? node.os() : os(hostinfo), hostinfo == null ? node.sshHostKeys() : sshHostKeys(hostinfo));

        boolean stream = Boolean.TRUE.equals(request.get("Stream"));
        MapSession session = new MapSession(tailnet, acl, derp, node, sink);
        if (!stream) {
            if (!Boolean.TRUE.equals(request.get("OmitPeers"))) session.sendFullMap();
            sink.close();
            return session;
        }
        // Jitter spreads the keep-alives of many sessions; it scales down with a (test's) short period.
        session.start(scheduler, keepAliveMillis, Math.min(KEEPALIVE_JITTER_MILLIS, keepAliveMillis / 5));
        return session;
    }

    /** At most this many host keys of at most this many characters each are passed on (sshd has three). */
    static final int MAX_SSH_HOST_KEYS = 16;
    static final int MAX_SSH_HOST_KEY_CHARS = 8192;

    private static String os(Map<?, ?> hostinfo) {
        Object os = hostinfo.get("OS");
        return os instanceof String && ((String) os).length() <= 64 ? (String) os : "";
    }

    /** Hostinfo.SSH_HostKeys: strings "keytype base64"; anything else, or too much, is left out. */
    private static List<String> sshHostKeys(Map<?, ?> hostinfo) {
        Object v = hostinfo.get("SSH_HostKeys");
        List<String> out = new ArrayList<>();
        if (!(v instanceof List)) return out;
        for (Object k : (List<?>) v) {
            if (out.size() == MAX_SSH_HOST_KEYS) break;
            if (k instanceof String && ((String) k).length() <= MAX_SSH_HOST_KEY_CHARS && ((String) k).indexOf(' ') > 0) out.add(((String) k).trim());
        }
        return out;
    }

    private static int preferredDerp(Map<String, Object> request, TailnetNode node) {
        Object hi = request.get("Hostinfo");
        Object ni = hi instanceof Map ? ((Map<?, ?>) hi).get("NetInfo") : null;
        Object pd = ni instanceof Map ? ((Map<?, ?>) ni).get("PreferredDERP") : null;
        return pd instanceof Number && ((Number) pd).intValue() > 0 ? ((Number) pd).intValue() : node.homeDerpRegion();
    }
}
