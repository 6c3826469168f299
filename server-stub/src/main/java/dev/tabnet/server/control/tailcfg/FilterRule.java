package dev.tabnet.server.control.tailcfg;

import java.util.List;
import java.util.Map;

/** tailcfg.FilterRule: SrcIPs are IPs, CIDRs, ranges or "*". */
public final class FilterRule {
    public List<String> SrcIPs;
    public List<NetPortRange> DstPorts;
    public List<Integer> IPProto;
    /** Capability grants, kept as parsed JSON. */
    public List<Map<String, Object>> CapGrant;
}
