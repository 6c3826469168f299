package dev.tabnet.core.control;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonArray;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonValue;
import dev.tabnet.core.util.Hex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's picture of the tailnet, kept current from the MapResponse stream: the first message
 * is a full map, later ones carry deltas (PeersChanged, PeersRemoved, PeersChangedPatch,
 * OnlineChange) or are keep-alives. Absent fields mean "unchanged", as in Tailscale's protocol.
 */
public final class Netmap {
    private NetmapPeer self;
    private final Map<Long, NetmapPeer> peers = new LinkedHashMap<>();
    private DerpMap derpMap = DerpMap.EMPTY;
    private String domain = "";
    private JsonArray packetFilter;
    private long messages;

    /** What one message changed, so callers reconfigure only what they must. */
    public static final class Changes {
        public boolean keepAliveOnly;
        public boolean self;
        public boolean peers;
        public boolean derpMap;
        public boolean packetFilter;

        public boolean any() {
            return self || peers || derpMap || packetFilter;
        }
    }

    /** Applies one MapResponse. Throws JsonException (with a reason) on a malformed message; nothing is half-applied. */
    public Changes apply(JsonObject m) {
        Changes c = new Changes();
        messages++;
        if (m.getBoolean("KeepAlive", false)) {
            c.keepAliveOnly = true;
            return c;
        }
        // Parse everything first so a bad field leaves the map as it was.
        NetmapPeer newSelf = m.getObject("Node") != null ? parseNode(m.getObject("Node")) : null;
        DerpMap newDerp = m.getObject("DERPMap") != null ? DerpMap.parse(m.getObject("DERPMap")) : null;
        List<NetmapPeer> full = parseNodes(m.getArray("Peers"));
        List<NetmapPeer> changed = parseNodes(m.getArray("PeersChanged"));
        List<Long> removed = new ArrayList<>();
        if (m.getArray("PeersRemoved") != null) for (JsonValue v : m.getArray("PeersRemoved")) removed.add(v.asLong());

        if (newSelf != null) {
            self = newSelf;
            c.self = true;
        }
        if (newDerp != null) {
            derpMap = newDerp;
            c.derpMap = true;
        }
        if (!full.isEmpty()) {
            peers.clear();
            for (NetmapPeer p : full) peers.put(p.id, p);
            c.peers = true;
        } else {
            for (NetmapPeer p : changed) peers.put(p.id, p);
            for (Long id : removed) peers.remove(id);
            c.peers = !changed.isEmpty() || !removed.isEmpty();
            c.peers |= applyPatches(m.getArray("PeersChangedPatch"));
            c.peers |= applyOnline(m.getObject("OnlineChange"));
        }
        if (m.getString("Domain") != null) domain = m.getString("Domain");
        if (m.getArray("PacketFilter") != null) {
            packetFilter = m.getArray("PacketFilter");
            c.packetFilter = true;
        }
        return c;
    }

    private boolean applyPatches(JsonArray patches) {
        if (patches == null) return false;
        boolean any = false;
        for (JsonValue v : patches) {
            JsonObject p = v.asObject();
            NetmapPeer old = peers.get(p.getLong("NodeID", -1));
            if (old == null) continue;
            byte[] key = p.getString("Key") != null ? key(KeyText.NODE_PUBLIC, p.getString("Key")) : old.nodeKey();
            byte[] disco = p.getString("DiscoKey") != null ? key(KeyText.DISCO_PUBLIC, p.getString("DiscoKey")) : old.discoKey();
            int derp = (int) p.getLong("DERPRegion", old.homeDerp);
            boolean online = p.getBoolean("Online", old.online);
            peers.put(old.id, old.with(key, disco, derp, online));
            any = true;
        }
        return any;
    }

    private boolean applyOnline(JsonObject online) {
        if (online == null) return false;
        boolean any = false;
        for (Map.Entry<String, JsonValue> e : online.entries()) {
            NetmapPeer old = peers.get(parseId(e.getKey()));
            if (old == null) continue;
            peers.put(old.id, old.with(old.nodeKey(), old.discoKey(), old.homeDerp, e.getValue().asBoolean()));
            any = true;
        }
        return any;
    }

    private static long parseId(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return s.isEmpty() ? -1 : v;
    }

    private static List<NetmapPeer> parseNodes(JsonArray a) {
        List<NetmapPeer> out = new ArrayList<>();
        if (a != null) for (JsonValue v : a) out.add(parseNode(v.asObject()));
        return out;
    }

    static NetmapPeer parseNode(JsonObject n) {
        byte[] key = key(KeyText.NODE_PUBLIC, n.getString("Key", ""));
        String disco = n.getString("DiscoKey");
        List<IpAddress> addresses = new ArrayList<>();
        List<IpPrefix> allowed = new ArrayList<>();
        if (n.getArray("Addresses") != null) {
            for (JsonValue v : n.getArray("Addresses")) {
                IpPrefix p = parsePrefix(v.asString());
                addresses.add(p.address);
                allowed.add(p);
            }
        }
        // Since capability 112 an absent or null AllowedIPs means "the same as Addresses".
        if (n.getArray("AllowedIPs") != null) {
            allowed.clear();
            for (JsonValue v : n.getArray("AllowedIPs")) allowed.add(parsePrefix(v.asString()));
        }
        List<String> tags = new ArrayList<>();
        if (n.getArray("Tags") != null) for (JsonValue v : n.getArray("Tags")) tags.add(v.asString());
        JsonObject hostinfo = n.getObject("Hostinfo");
        List<String> sshKeys = new ArrayList<>();
        if (hostinfo != null && hostinfo.getArray("SSH_HostKeys") != null) {
            for (JsonValue v : hostinfo.getArray("SSH_HostKeys")) if (v.type() == JsonValue.Type.STRING) sshKeys.add(v.asString().trim());
        }
        return new NetmapPeer(n.getLong("ID", 0), n.getString("StableID", ""), n.getString("Name", ""), key,
                disco == null ? new byte[32] : key(KeyText.DISCO_PUBLIC, disco), addresses, allowed, homeDerp(n),
                n.getBoolean("Online", false), tags, hostinfo == null ? "" : hostinfo.getString("Hostname", ""),
                hostinfo == null ? "" : hostinfo.getString("OS", ""), sshKeys);
    }

    private static byte[] key(String prefix, String text) {
        try {
            return KeyText.parse(prefix, text);
        } catch (KeyText.KeyFormatException e) {
            throw new dev.tabnet.core.json.JsonException(e.getMessage());
        }
    }

    private static IpPrefix parsePrefix(String s) {
        try {
            return IpPrefix.parse(s);
        } catch (IllegalArgumentException e) {
            throw new dev.tabnet.core.json.JsonException("bad address prefix \"" + s + "\": " + e.getMessage());
        }
    }

    /** HomeDERP (capability 111+), else the legacy "127.3.3.40:<region>" DERP string. */
    private static int homeDerp(JsonObject n) {
        long home = n.getLong("HomeDERP", 0);
        if (home > 0) return (int) home;
        String legacy = n.getString("DERP", "");
        String prefix = "127.3.3.40:";
        if (legacy.startsWith(prefix)) {
            long r = parseId(legacy.substring(prefix.length()));
            if (r > 0) return (int) r;
        }
        return 0;
    }

    public NetmapPeer self() {
        return self;
    }

    public List<NetmapPeer> peers() {
        return Collections.unmodifiableList(new ArrayList<>(peers.values()));
    }

    public NetmapPeer peerById(long id) {
        return peers.get(id);
    }

    public NetmapPeer peerByKey(byte[] nodeKey) {
        String k = Hex.encode(nodeKey);
        for (NetmapPeer p : peers.values()) if (Hex.encode(p.nodeKey()).equals(k)) return p;
        return null;
    }

    /** By MagicDNS short name, full name (with or without the trailing dot), or address text. */
    public NetmapPeer find(String nameOrAddress) {
        String q = nameOrAddress.endsWith(".") ? nameOrAddress : nameOrAddress + ".";
        for (NetmapPeer p : peers.values()) {
            if (p.shortName().equalsIgnoreCase(nameOrAddress) || p.name.equalsIgnoreCase(q)) return p;
            for (IpAddress a : p.addresses) if (a.toString().equals(nameOrAddress)) return p;
        }
        return null;
    }

    public DerpMap derpMap() {
        return derpMap;
    }

    public String domain() {
        return domain;
    }

    /** The raw FilterRules for traffic arriving at this node, or null before the first map. */
    public JsonArray packetFilter() {
        return packetFilter;
    }

    public long messagesApplied() {
        return messages;
    }
}
