package dev.tabnet.server.tailnet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** ACL selectors: "*", "tag:name", a MagicDNS label, an IP address or a CIDR prefix. */
final class Selector {
    private Selector() {}

    static void validate(String s, String where) {
        if (s.isEmpty()) throw new IllegalArgumentException(where + ": empty selector");
        if (s.equals("*") || s.startsWith("tag:")) return;
        if (looksLikeAddress(s)) {
            prefix(s, where);
            return;
        }
        if (!MagicDns.label(s).equals(s)) throw new IllegalArgumentException(where + ": \"" + s + "\" is not a tag, node name or address");
    }

    static boolean matches(String s, TailnetNode n) {
        if (s.equals("*")) return true;
        if (s.startsWith("tag:")) return n.tags.contains(s);
        if (looksLikeAddress(s)) {
            byte[][] p = prefix(s, "selector");
            return inPrefix(n.addresses.ipv4(), p) || inPrefix(n.addresses.ipv6(), p);
        }
        return n.label.equals(s);
    }

    /** What a source selector means as packet-filter SrcIPs, given the current members. */
    static List<String> sourceIps(String s, List<TailnetNode> members) {
        List<String> out = new ArrayList<>();
        if (s.equals("*") || looksLikeAddress(s)) {
            out.add(s);
            return out;
        }
        for (TailnetNode m : members) {
            if (matches(s, m)) {
                out.add(m.addresses.ipv4Text());
                out.add(m.addresses.ipv6Text());
            }
        }
        return out;
    }

    private static boolean looksLikeAddress(String s) {
        if (s.startsWith("tag:")) return false;
        char c = s.charAt(0);
        return (c >= '0' && c <= '9' && s.indexOf('.') > 0) || s.indexOf(':') >= 0;
    }

    /** {address bytes, {prefix length}}. */
    private static byte[][] prefix(String s, String where) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] a;
        try {
            // Literal addresses only: InetAddress would resolve names, so reject anything else first.
            for (int i = 0; i < addr.length(); i++) {
                char c = addr.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
                if (!ok) throw new UnknownHostException(addr);
            }
            a = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(where + ": bad address \"" + s + "\"");
        }
        int bits = a.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > a.length * 8) throw new IllegalArgumentException(where + ": bad prefix length in \"" + s + "\"");
        }
        return new byte[][] {a, {(byte) bits}};
    }

    private static boolean inPrefix(byte[] addr, byte[][] prefix) {
        byte[] p = prefix[0];
        int bits = prefix[1][0] & 0xff;
        if (addr.length != p.length) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((addr[i / 8] & mask) != (p[i / 8] & mask)) return false;
        }
        return true;
    }
}
