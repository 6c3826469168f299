package dev.tabnet.server.control.tailcfg;

import java.util.List;
import java.util.Map;

/** tailcfg.Node: the self node and the peers in a MapResponse. */
public final class Node {
    public long ID;
    public String StableID = "";
    /** FQDN with trailing dot. */
    public String Name = "";
    public long User;
    public String Key;
    public String KeyExpiry;
    public String Machine;
    public String DiscoKey;
    /** Prefixes, e.g. "100.64.0.1/32", "fd7a:115c:a1e0::1/128". */
    public List<String> Addresses;
    /** Since capver 112, null/absent means "same as Addresses". */
    public List<String> AllowedIPs;
    public List<String> Endpoints;
    /** Legacy "127.3.3.40:&lt;region&gt;" (Go field LegacyDERPString, JSON name "DERP"). */
    public String DERP;
    public Integer HomeDERP;
    public Hostinfo Hostinfo;
    public String Created;
    public Integer Cap;
    public List<String> Tags;
    public List<String> PrimaryRoutes;
    public String LastSeen;
    public Boolean Online;
    public Boolean MachineAuthorized;
    public Map<String, Object> CapMap;
    public String ComputedName;
    public String ComputedNameWithHost;
    public Boolean Expired;
}
