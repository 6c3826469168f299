package dev.tabnet.server.tailnet;

import dev.tabnet.core.util.Hex;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One registered node. Identity (id, keys, addresses, name) is fixed at registration; the rest
 * (disco key, home relay, liveness) is updated by {@link Tailnet} under its lock and read by
 * netmap builders, which is why the mutable fields are volatile.
 */
public final class TailnetNode {
    public final long id;
    public final String stableId;
    private final byte[] nodeKey;
    private final byte[] machineKey;
    public final String hostname;
    public final String label;
    public final String fqdn;
    public final AddressAllocator.Addresses addresses;
    public final boolean ephemeral;
    public final Set<String> tags;
    /** Who let it in: "operator" (approved on the phone) or "preauth:<key id>". */
    public final String authorizedBy;
    public final long createdMillis;
    /** Where the registering tab came from, for the operator's node list. */
    public final String remoteAddress;
    public final String userAgent;

    private volatile byte[] discoKey = new byte[32];
    private volatile int homeDerpRegion;
    private volatile String os = "";
    private volatile java.util.List<String> sshHostKeys = java.util.List.of();
    int controlStreams;
    int relayConnections;
    /** When the node last became inactive (no control stream, no relay connection); -1 while active. */
    long inactiveSinceMillis;

    TailnetNode(long id, Registration r, String label, String domain, AddressAllocator.Addresses addresses, long now) {
        this.id = id;
        this.stableId = "n" + Long.toString(id, 36) + Hex.encode(r.nodeKey, 0, 4);
        this.nodeKey = r.nodeKey.clone();
        this.machineKey = r.machineKey.clone();
        this.hostname = r.hostname;
        this.label = label;
        this.fqdn = MagicDns.fqdn(label, domain);
        this.addresses = addresses;
        this.ephemeral = r.ephemeral;
        this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(r.tags));
        this.authorizedBy = r.authorizedBy;
        this.createdMillis = now;
        this.remoteAddress = r.remoteAddress;
        this.userAgent = r.userAgent;
        this.inactiveSinceMillis = now;
    }

    public byte[] nodeKey() {
        return nodeKey.clone();
    }

    public byte[] machineKey() {
        return machineKey.clone();
    }

    public byte[] discoKey() {
        return discoKey.clone();
    }

    void discoKey(byte[] k) {
        discoKey = k.clone();
    }

    public int homeDerpRegion() {
        return homeDerpRegion;
    }

    void homeDerpRegion(int region) {
        homeDerpRegion = region;
    }

    /** Hostinfo.OS as the node last reported it ("" if never). */
    public String os() {
        return os;
    }

    void os(String v) {
        os = v;
    }

    /** Hostinfo.SSH_HostKeys as the node last reported them ("keytype base64" each), passed on to peers. */
    public java.util.List<String> sshHostKeys() {
        return sshHostKeys;
    }

    void sshHostKeys(java.util.List<String> keys) {
        sshHostKeys = java.util.List.copyOf(keys);
    }

    public String nodeKeyText() {
        return "nodekey:" + Hex.encode(nodeKey);
    }

    public boolean hasNodeKey(byte[] k) {
        return java.util.Arrays.equals(nodeKey, k);
    }

    /** What the registering client asked for and what authorized it. */
    public static final class Registration {
        final byte[] nodeKey;
        final byte[] machineKey;
        final String hostname;
        final boolean ephemeral;
        final Set<String> tags;
        final String authorizedBy;
        final String remoteAddress;
        final String userAgent;

        public Registration(byte[] nodeKey, byte[] machineKey, String hostname, boolean ephemeral, Set<String> tags,
                            String authorizedBy, String remoteAddress, String userAgent) {
            if (nodeKey.length != 32 || machineKey.length != 32) throw new IllegalArgumentException("keys must be 32 bytes");
            this.nodeKey = nodeKey.clone();
            this.machineKey = machineKey.clone();
            this.hostname = hostname == null ? "" : hostname;
            this.ephemeral = ephemeral;
            this.tags = tags;
            this.authorizedBy = authorizedBy;
            this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
            this.userAgent = userAgent == null ? "" : userAgent;
        }
    }
}
