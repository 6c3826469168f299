package dev.tabnet.server.control.tailcfg;

import java.util.Map;

/** tailcfg.NetInfo: PreferredDERP is how a node's home DERP region reaches its peers (as HomeDERP). */
public final class NetInfo {
    public Boolean WorkingIPv6;
    public Boolean OSHasIPv6;
    public Boolean WorkingUDP;
    public Boolean HavePortMap;
    public Integer PreferredDERP;
    public String LinkType;
    public Map<String, Double> DERPLatency;
    public String FirewallMode;
}
