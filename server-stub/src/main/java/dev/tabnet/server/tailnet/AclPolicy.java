package dev.tabnet.server.tailnet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small ACL in the shape of Tailscale's policy file: a list of accept rules, each from source
 * selectors to destination {@code selector:ports}. Selectors: {@code *}, {@code tag:name}, a node's
 * MagicDNS label, an IP address or a CIDR prefix; ports {@code *}, {@code 22}, {@code 8000-8100} or
 * comma lists. Comments and trailing commas are allowed, as in HuJSON.
 * <pre>
 * { "acls": [ { "action": "accept", "src": ["tag:browser"], "dst": ["tag:server:22"] } ] }
 * </pre>
 * The policy decides which peers a node sees in its netmap (either direction allowed) and the
 * packet filter it enforces for traffic arriving at it (Tailscale filters on the receiving side).
 */
public final class AclPolicy {
    private final List<Rule> rules;

    private AclPolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /** Everyone may reach everyone on every port: the policy when none is configured. */
    public static AclPolicy allowAll() {
        return new AclPolicy(List.of(new Rule(List.of("*"), List.of(new DstEntry("*", List.of(PortRange.ALL))))));
    }

    public static AclPolicy load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static AclPolicy parse(String text) {
        JsonFactory lenient = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .build();
        Map<String, Object> doc;
        try {
            doc = JSON.builder(lenient).build().mapFrom(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("ACL is not valid JSON: " + e.getMessage());
        }
        Object acls = doc.get("acls");
        if (!(acls instanceof List)) throw new IllegalArgumentException("ACL needs an \"acls\" list");
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) acls) {
            String where = "acls[" + i++ + "]";
            if (!(o instanceof Map)) throw new IllegalArgumentException(where + " is not an object");
            Map<?, ?> m = (Map<?, ?>) o;
            if (!"accept".equals(m.get("action"))) throw new IllegalArgumentException(where + ": action must be \"accept\"");
            List<String> src = strings(m.get("src"), where + ".src");
            for (String sel : src) Selector.validate(sel, where + ".src");
            List<DstEntry> dst = new ArrayList<>();
            for (String d : strings(m.get("dst"), where + ".dst")) dst.add(DstEntry.parse(d, where));
            rules.add(new Rule(src, dst));
        }
        return new AclPolicy(Collections.unmodifiableList(rules));
    }

    private static List<String> strings(Object o, String where) {
        if (!(o instanceof List) || ((List<?>) o).isEmpty()) throw new IllegalArgumentException(where + " must be a non-empty list");
        List<String> out = new ArrayList<>();
        for (Object s : (List<?>) o) {
            if (!(s instanceof String)) throw new IllegalArgumentException(where + " must hold strings");
            out.add((String) s);
        }
        return out;
    }

    /** True if some rule lets {@code from} open connections to {@code to} on {@code port}. */
    public boolean allows(TailnetNode from, TailnetNode to, int port) {
        for (Rule r : rules) {
            if (!r.sourceMatches(from)) continue;
            for (DstEntry d : r.dst) if (Selector.matches(d.selector, to) && d.covers(port)) return true;
        }
        return false;
    }

    /** Whether {@code a} should have {@code b} in its netmap: traffic is allowed one way or the other. */
    public boolean visible(TailnetNode a, TailnetNode b) {
        return reachesAtAll(a, b) || reachesAtAll(b, a);
    }

    private boolean reachesAtAll(TailnetNode from, TailnetNode to) {
        for (Rule r : rules) {
            if (!r.sourceMatches(from)) continue;
            for (DstEntry d : r.dst) if (Selector.matches(d.selector, to)) return true;
        }
        return false;
    }

    /**
     * Tailscale FilterRules ({@code SrcIPs}, {@code DstPorts}) for what may arrive at {@code node},
     * given the current members of the tailnet.
     */
    public List<Map<String, Object>> packetFilterFor(TailnetNode node, List<TailnetNode> members) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Rule r : rules) {
            List<Map<String, Object>> dstPorts = new ArrayList<>();
            for (DstEntry d : r.dst) {
                if (!Selector.matches(d.selector, node)) continue;
                for (PortRange p : d.ports) {
                    for (String ip : new String[] {node.addresses.ipv4Text(), node.addresses.ipv6Text()}) {
                        Map<String, Object> dp = new LinkedHashMap<>();
                        dp.put("IP", ip);
                        dp.put("Ports", p.toJson());
                        dstPorts.add(dp);
                    }
                }
            }
            if (dstPorts.isEmpty()) continue;
            List<String> srcIps = new ArrayList<>();
            for (String s : r.src) srcIps.addAll(Selector.sourceIps(s, members));
            if (srcIps.isEmpty()) continue;
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("SrcIPs", srcIps);
            rule.put("DstPorts", dstPorts);
            out.add(rule);
        }
        return out;
    }

    private static final class Rule {
        final List<String> src;
        final List<DstEntry> dst;

        Rule(List<String> src, List<DstEntry> dst) {
            this.src = src;
            this.dst = dst;
        }

        boolean sourceMatches(TailnetNode n) {
            for (String s : src) if (Selector.matches(s, n)) return true;
            return false;
        }
    }

    private static final class DstEntry {
        final String selector;
        final List<PortRange> ports;

        DstEntry(String selector, List<PortRange> ports) {
            this.selector = selector;
            this.ports = ports;
        }

        /** "selector:ports"; the last colon separates the ports so IPv6 selectors keep theirs. */
        static DstEntry parse(String s, String where) {
            int colon = s.lastIndexOf(':');
            if (s.startsWith("tag:") && colon == 3) colon = -1; // "tag:x" has no ports
            if (colon <= 0) throw new IllegalArgumentException(where + ": destination \"" + s + "\" needs :ports");
            String sel = s.substring(0, colon);
            Selector.validate(sel, where);
            List<PortRange> ports = new ArrayList<>();
            for (String p : s.substring(colon + 1).split(",")) ports.add(PortRange.parse(p.trim(), where));
            return new DstEntry(sel, ports);
        }

        boolean covers(int port) {
            for (PortRange p : ports) if (port >= p.first && port <= p.last) return true;
            return false;
        }
    }

    static final class PortRange {
        static final PortRange ALL = new PortRange(0, 65535);
        final int first, last;

        PortRange(int first, int last) {
            this.first = first;
            this.last = last;
        }

        static PortRange parse(String s, String where) {
            if (s.equals("*")) return ALL;
            try {
                int dash = s.indexOf('-');
                int a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
                int b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1));
                if (a < 0 || b > 65535 || a > b) throw new NumberFormatException();
                return new PortRange(a, b);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": bad port range \"" + s + "\"");
            }
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("First", first);
            m.put("Last", last);
            return m;
        }
    }
}
