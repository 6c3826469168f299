package dev.tabnet.console.tailnet;

import java.util.List;

/** A node as the console shows it. */
public final class PeerInfo {
    public final String name;           // short host name, e.g. "db1"
    public final String dnsName;        // MagicDNS name, e.g. "db1.tail.ts.net."
    public final List<String> addresses; // "100.64.0.5", "fd7a:115c:a1e0::5"
    public final boolean online;
    public final String os;
    public final String relay;          // home DERP region name, or "" if unknown
    public final String user;

    public PeerInfo(String name, String dnsName, List<String> addresses, boolean online, String os, String relay, String user) {
        this.name = name;
        this.dnsName = dnsName;
        this.addresses = addresses;
        this.online = online;
        this.os = os;
        this.relay = relay;
        this.user = user;
    }

    public String firstAddress() {
        return addresses.isEmpty() ? "-" : addresses.get(0);
    }

    /** True when query names this node: its name, MagicDNS name (with or without the dot), or an address. */
    public boolean matches(String query) {
        if (query.equalsIgnoreCase(name) || query.equalsIgnoreCase(dnsName)) return true;
        if (dnsName.endsWith(".") && query.equalsIgnoreCase(dnsName.substring(0, dnsName.length() - 1))) return true;
        return addresses.contains(query);
    }
}
