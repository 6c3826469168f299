package dev.tabnet.core.node;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonArray;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The netmap's PacketFilter (tailcfg FilterRules) as a decision for traffic arriving at this node:
 * a packet passes if some rule has its source in SrcIPs, its destination address and port in one
 * of DstPorts, and its protocol in IPProto (absent or empty: TCP, UDP and ICMP). Address forms, as
 * tailcfg defines them for SrcIPs and DstPorts[].IP: {@code *}, an IP, a CIDR, or an inclusive
 * {@code first-last} range. An unreadable entry only disables that entry (counted), never the rest.
 */
public final class PacketFilter {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;
    private static final int[] DEFAULT_PROTOS = {PROTO_TCP, PROTO_UDP, PROTO_ICMP, PROTO_ICMPV6};

    /** Nothing may arrive: what a node enforces before its first netmap. */
    public static final PacketFilter DENY_ALL = new PacketFilter(new ArrayList<>(), 0);

    private final List<Rule> rules;
    private final int badEntries;

    private PacketFilter(List<Rule> rules, int badEntries) {
        this.rules = rules;
        this.badEntries = badEntries;
    }

    /** From {@link dev.tabnet.core.control.Netmap#packetFilter()}; null (no map yet) denies all. */
    public static PacketFilter of(JsonArray filterRules) {
        if (filterRules == null) return DENY_ALL;
        List<Rule> rules = new ArrayList<>();
        int bad = 0;
        for (JsonValue v : filterRules) {
            if (v.type() != JsonValue.Type.OBJECT) {
                bad++;
                continue;
            }
            try {
                bad += parseRule(v.asObject(), rules);
            } catch (RuntimeException e) { // a value of the wrong JSON type somewhere in the rule
                bad++;
            }
        }
        return new PacketFilter(rules, bad);
    }

    /** Adds the rule; returns how many of its entries were unreadable. */
    private static int parseRule(JsonObject r, List<Rule> rules) {
        JsonArray src = array(r, "SrcIPs");
        JsonArray dst = array(r, "DstPorts");
        if (src == null || dst == null) return 0; // e.g. a CapGrant rule: not about packets
        int bad = 0;
        Rule rule = new Rule();
        for (JsonValue s : src) {
            Range range = s.type() == JsonValue.Type.STRING ? Range.parse(s.asString()) : null;
            if (range == null) bad++;
            else rule.sources.add(range);
        }
        for (JsonValue d : dst) {
            DstPort dp = d.type() == JsonValue.Type.OBJECT ? DstPort.parse(d.asObject()) : null;
            if (dp == null) bad++;
            else rule.destinations.add(dp);
        }
        JsonArray protos = array(r, "IPProto");
        if (protos != null && protos.size() > 0) {
            int[] p = new int[protos.size()];
            int n = 0;
            for (JsonValue x : protos) if (x.type() == JsonValue.Type.NUMBER) p[n++] = (int) x.asLong();
            rule.protocols = java.util.Arrays.copyOf(p, n);
        }
        rules.add(rule);
        return bad;
    }

    private static JsonArray array(JsonObject o, String name) {
        JsonValue v = o.getIgnoreCase(name);
        return v != null && v.type() == JsonValue.Type.ARRAY ? v.asArray() : null;
    }

    /** Whether a packet of {@code protocol} from {@code src} to {@code dst}:{@code dstPort} may arrive (ports ignored for ICMP). */
    public boolean allows(int protocol, IpAddress src, IpAddress dst, int dstPort) {
        boolean icmp = protocol == PROTO_ICMP || protocol == PROTO_ICMPV6;
        for (Rule r : rules) {
            if (!r.coversProtocol(protocol)) continue;
            boolean fromSource = false;
            for (Range s : r.sources) if (s.contains(src)) fromSource = true;
            if (!fromSource) continue;
            for (DstPort d : r.destinations) {
                if (d.addresses.contains(dst) && (icmp || (dstPort >= d.first && dstPort <= d.last))) return true;
            }
        }
        return false;
    }

    public boolean allowsTcp(IpAddress src, IpAddress dst, int dstPort) {
        return allows(PROTO_TCP, src, dst, dstPort);
    }

    public int ruleCount() {
        return rules.size();
    }

    /** Entries skipped because they could not be read. */
    public int badEntries() {
        return badEntries;
    }

    private static final class Rule {
        final List<Range> sources = new ArrayList<>();
        final List<DstPort> destinations = new ArrayList<>();
        int[] protocols = DEFAULT_PROTOS;

        boolean coversProtocol(int p) {
            for (int x : protocols) if (x == p) return true;
            return false;
        }
    }

    private static final class DstPort {
        final Range addresses;
        final int first, last;

        DstPort(Range addresses, int first, int last) {
            this.addresses = addresses;
            this.first = first;
            this.last = last;
        }

        static DstPort parse(JsonObject o) {
            JsonValue ip = o.getIgnoreCase("IP");
            Range r = ip != null && ip.type() == JsonValue.Type.STRING ? Range.parse(ip.asString()) : null;
            JsonValue ports = o.getIgnoreCase("Ports");
            if (r == null || ports == null || ports.type() != JsonValue.Type.OBJECT) return null;
            JsonObject p = ports.asObject();
            long first = p.getLong("First", -1), last = p.getLong("Last", -1);
            if (first < 0 || last > 65535 || first > last) return null;
            return new DstPort(r, (int) first, (int) last);
        }
    }

    /** An inclusive address range of one family, or every address of both ({@code *}). */
    private static final class Range {
        final byte[] low, high; // null for "*"

        Range(byte[] low, byte[] high) {
            this.low = low;
            this.high = high;
        }

        static Range parse(String s) {
            try {
                if (s.equals("*")) return new Range(null, null);
                int dash = s.indexOf('-');
                if (dash > 0) {
                    byte[] a = IpAddress.parse(s.substring(0, dash)).bytes(), b = IpAddress.parse(s.substring(dash + 1)).bytes();
                    if (a.length != b.length || compare(a, b) > 0) return null;
                    return new Range(a, b);
                }
                int slash = s.indexOf('/');
                byte[] a = IpAddress.parse(slash < 0 ? s : s.substring(0, slash)).bytes();
                int bits = a.length * 8;
                if (slash >= 0) {
                    String n = s.substring(slash + 1);
                    if (n.isEmpty() || n.length() > 3) return null;
                    bits = 0;
                    for (int i = 0; i < n.length(); i++) {
                        char c = n.charAt(i);
                        if (c < '0' || c > '9') return null;
                        bits = bits * 10 + (c - '0');
                    }
                    if (bits > a.length * 8) return null;
                }
                byte[] lo = a.clone(), hi = a.clone();
                for (int i = 0; i < a.length * 8; i++) {
                    if (i < bits) continue;
                    int mask = 0x80 >>> (i & 7);
                    lo[i >> 3] &= (byte) ~mask;
                    hi[i >> 3] |= (byte) mask;
                }
                return new Range(lo, hi);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        boolean contains(IpAddress addr) {
            if (low == null) return true;
            byte[] a = addr.bytes();
            return a.length == low.length && compare(low, a) <= 0 && compare(a, high) <= 0;
        }

        private static int compare(byte[] a, byte[] b) {
            for (int i = 0; i < a.length; i++) {
                int d = (a[i] & 0xff) - (b[i] & 0xff);
                if (d != 0) return d;
            }
            return 0;
        }
    }
}
