package dev.tabnet.server.machine;

import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** tailcfg JSON shapes built from the registry (Go field names, Go's zero-value conventions). */
final class NetmapJson {
    /** Everything here belongs to one user: the operator who approves the nodes. */
    static final long USER_ID = 1;

    private NetmapJson() {}

    static Map<String, Object> user() {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("ID", USER_ID);
        u.put("DisplayName", "Operator");
        u.put("ProfilePicURL", "");
        u.put("Created", GoTime.ZERO);
        return u;
    }

    static Map<String, Object> login() {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("ID", USER_ID);
        l.put("Provider", "tabnet");
        l.put("LoginName", "operator");
        l.put("DisplayName", "Operator");
        l.put("ProfilePicURL", "");
        return l;
    }

    static Map<String, Object> userProfile() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ID", USER_ID);
        p.put("LoginName", "operator");
        p.put("DisplayName", "Operator");
        return p;
    }

    static Map<String, Object> node(TailnetNode n, Tailnet tailnet) {
        List<String> addresses = List.of(n.addresses.ipv4Text() + "/32", n.addresses.ipv6Text() + "/128");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", n.id);
        m.put("StableID", n.stableId);
        m.put("Name", n.fqdn);
        m.put("User", USER_ID);
        m.put("Key", n.nodeKeyText());
        m.put("Machine", KeyText.format(KeyText.MACHINE, n.machineKey()));
        m.put("DiscoKey", KeyText.format(KeyText.DISCO, n.discoKey()));
        m.put("Addresses", addresses);
        m.put("AllowedIPs", addresses);
        m.put("Endpoints", List.of());
        if (n.homeDerpRegion() > 0) {
            m.put("HomeDERP", n.homeDerpRegion());
            m.put("DERP", "127.3.3.40:" + n.homeDerpRegion()); // legacy form, for older clients
        }
        Map<String, Object> hostinfo = new LinkedHashMap<>();
        hostinfo.put("Hostname", n.hostname);
        if (!n.os().isEmpty()) hostinfo.put("OS", n.os());
        if (!n.sshHostKeys().isEmpty()) hostinfo.put("SSH_HostKeys", new ArrayList<>(n.sshHostKeys()));
        m.put("Hostinfo", hostinfo);
        m.put("Created", GoTime.format(n.createdMillis));
        if (!n.tags.isEmpty()) m.put("Tags", new ArrayList<>(n.tags));
        m.put("Online", tailnet.isActive(n));
        m.put("MachineAuthorized", true);
        m.put("ComputedName", n.label);
        m.put("ComputedNameWithHost", n.label);
        return m;
    }
}
