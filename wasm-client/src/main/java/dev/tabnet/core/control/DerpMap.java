package dev.tabnet.core.control;

import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** tailcfg.DERPMap: the relay regions and their nodes. Region ids are JSON string keys. */
public final class DerpMap {
    public final Map<Integer, Region> regions;

    private DerpMap(Map<Integer, Region> regions) {
        this.regions = Collections.unmodifiableMap(regions);
    }

    public static final DerpMap EMPTY = new DerpMap(new TreeMap<>());

    static DerpMap parse(JsonObject json) {
        Map<Integer, Region> regions = new TreeMap<>();
        JsonObject rs = json.getObject("Regions");
        if (rs != null) {
            for (Map.Entry<String, JsonValue> e : rs.entries()) {
                if (e.getValue().isNull()) continue; // a null region means "remove" in Tailscale's maps
                Region r = Region.parse(e.getValue().asObject());
                if (r.id > 0 && !r.nodes.isEmpty()) regions.put(r.id, r);
            }
        }
        return new DerpMap(regions);
    }

    public Region region(int id) {
        return regions.get(id);
    }

    /** The lowest-numbered region, a stable default home when nothing better is known. */
    public Region firstRegion() {
        return regions.isEmpty() ? null : regions.values().iterator().next();
    }

    public static final class Region {
        public final int id;
        public final String code;
        public final String name;
        public final List<Node> nodes;

        Region(int id, String code, String name, List<Node> nodes) {
            this.id = id;
            this.code = code;
            this.name = name;
            this.nodes = Collections.unmodifiableList(nodes);
        }

        static Region parse(JsonObject r) {
            int id = (int) r.getLong("RegionID", 0);
            List<Node> nodes = new ArrayList<>();
            if (r.getArray("Nodes") != null) {
                for (JsonValue v : r.getArray("Nodes")) {
                    Node n = Node.parse(v.asObject(), id);
                    if (!n.stunOnly) nodes.add(n);
                }
            }
            return new Region(id, r.getString("RegionCode", ""), r.getString("RegionName", ""), nodes);
        }
    }

    /** One relay server. A browser can only use the first node of a region (as Tailscale's js client does). */
    public static final class Node {
        public final String name;
        public final int regionId;
        public final String hostName;
        /** 0 means the default, 443. */
        public final int derpPort;
        public final boolean insecureForTests;
        public final boolean stunOnly;

        Node(String name, int regionId, String hostName, int derpPort, boolean insecureForTests, boolean stunOnly) {
            this.name = name;
            this.regionId = regionId;
            this.hostName = hostName;
            this.derpPort = derpPort;
            this.insecureForTests = insecureForTests;
            this.stunOnly = stunOnly;
        }

        static Node parse(JsonObject n, int regionId) {
            return new Node(n.getString("Name", ""), (int) n.getLong("RegionID", regionId), n.getString("HostName", ""),
                    (int) n.getLong("DERPPort", 0), n.getBoolean("InsecureForTests", false), n.getBoolean("STUNOnly", false));
        }

        /**
         * The WebSocket URL of the relay: wss://host[:port]/derp, or ws:// for a plain-HTTP relay
         * (our server stub marks those InsecureForTests).
         */
        public String webSocketUrl() {
            boolean tls = !insecureForTests;
            int port = derpPort == 0 ? (tls ? 443 : 80) : derpPort;
            String host = hostName.indexOf(':') >= 0 ? "[" + hostName + "]" : hostName;
            boolean defaultPort = tls ? port == 443 : port == 80;
            return (tls ? "wss://" : "ws://") + host + (defaultPort ? "" : ":" + port) + "/derp";
        }
    }
}
