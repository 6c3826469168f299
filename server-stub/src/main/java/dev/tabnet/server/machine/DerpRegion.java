package dev.tabnet.server.machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay this server offers, as one region of a Tailscale DERPMap. A plain-HTTP relay (the
 * local default) is marked {@code InsecureForTests}; our client takes that to mean ws:// instead
 * of wss:// (Tailscale's Go client would still speak TLS there, without verifying it).
 */
public final class DerpRegion {
    public static final int DEFAULT_REGION_ID = 900;
    public final int regionId;
    public final String code;
    public final String name;
    public final String hostName;
    public final int port;
    public final boolean tls;

    public DerpRegion(int regionId, String code, String name, String hostName, int port, boolean tls) {
        this.regionId = regionId;
        this.code = code;
        this.name = name;
        this.hostName = hostName;
        this.port = port;
        this.tls = tls;
    }

    Map<String, Object> derpMapJson() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("Name", regionId + "a");
        node.put("RegionID", regionId);
        node.put("HostName", hostName);
        node.put("DERPPort", port);
        node.put("STUNPort", -1); // no UDP: the relay is all there is
        if (!tls) node.put("InsecureForTests", true);
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("RegionID", regionId);
        region.put("RegionCode", code);
        region.put("RegionName", name);
        region.put("Nodes", List.of(node));
        Map<String, Object> regions = new LinkedHashMap<>();
        regions.put(Integer.toString(regionId), region);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("Regions", regions);
        map.put("omitDefaultRegions", true);
        return map;
    }
}
