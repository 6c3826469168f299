package dev.tabnet.server.control.tailcfg;

import java.util.List;
import java.util.Map;

/**
 * One message of the map stream (tailcfg.MapResponse); every member is optional and absent means
 * "unchanged" (except that the first response carries the full state). Sent framed by
 * {@link Tailcfg#frameMapResponse}.
 */
public final class MapResponse {
    public String MapSessionHandle;
    public Long Seq;
    public Boolean KeepAlive;
    public Node Node;
    public DERPMap DERPMap;
    public List<Node> Peers;
    public List<Node> PeersChanged;
    public List<Long> PeersRemoved;
    public Map<String, Boolean> OnlineChange;
    public DNSConfig DNSConfig;
    public String Domain;
    public Boolean CollectServices;
    public List<FilterRule> PacketFilter;
    public List<UserProfile> UserProfiles;
    public List<String> Health;
    /** RFC 3339. */
    public String ControlTime;
}
