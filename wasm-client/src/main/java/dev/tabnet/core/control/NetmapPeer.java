package dev.tabnet.core.control;

import dev.tabnet.core.ip.IpAddress;
import java.util.Collections;
import java.util.List;

/**
 * One node as a MapResponse describes it (tailcfg.Node, the fields a relay-only client needs).
 * Immutable: a change arrives as a new value.
 */
public final class NetmapPeer {
    public final long id;
    public final String stableId;
    /** MagicDNS name with its trailing dot, e.g. "prod.tabnet.internal.". */
    public final String name;
    private final byte[] nodeKey;
    private final byte[] discoKey;
    /** The node's own addresses (each /32 or /128). */
    public final List<IpAddress> addresses;
    /** Prefixes routed to this peer; the addresses unless the node routes more (subnet router). */
    public final List<IpPrefix> allowedIps;
    /** Home DERP region, 0 if unknown. */
    public final int homeDerp;
    public final boolean online;
    public final List<String> tags;
    public final String hostname;
    /** Hostinfo.OS ("linux", "js", …), "" if not reported. */
    public final String os;
    /**
     * Hostinfo.SSH_HostKeys: the node's sshd host keys as "keytype base64" (known_hosts without the
     * host), which the control plane vouches for; empty if not reported.
     */
    public final List<String> sshHostKeys;

    NetmapPeer(long id, String stableId, String name, byte[] nodeKey, byte[] discoKey, List<IpAddress> addresses,
               List<IpPrefix> allowedIps, int homeDerp, boolean online, List<String> tags, String hostname,
               String os, List<String> sshHostKeys) {
        this.id = id;
        this.stableId = stableId;
        this.name = name;
        this.nodeKey = nodeKey;
        this.discoKey = discoKey;
        this.addresses = Collections.unmodifiableList(addresses);
        this.allowedIps = Collections.unmodifiableList(allowedIps);
        this.homeDerp = homeDerp;
        this.online = online;
        this.tags = Collections.unmodifiableList(tags);
        this.hostname = hostname;
        this.os = os;
        this.sshHostKeys = Collections.unmodifiableList(sshHostKeys);
    }

    public byte[] nodeKey() {
        return nodeKey.clone();
    }

    /** All zeros if the node has none yet. */
    public byte[] discoKey() {
        return discoKey.clone();
    }

    /** The first DNS label of the name ("prod"), what people type. */
    public String shortName() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The first IPv4 address, else the first address, else null. */
    public IpAddress primaryAddress() {
        for (IpAddress a : addresses) if (a.isV4()) return a;
        return addresses.isEmpty() ? null : addresses.get(0);
    }

    NetmapPeer with(byte[] nodeKey, byte[] discoKey, int homeDerp, boolean online) {
        return new NetmapPeer(id, stableId, name, nodeKey, discoKey, addresses, allowedIps, homeDerp, online, tags, hostname, os, sshHostKeys);
    }
}
