package dev.tabnet.console.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How a node joins: which control server, under which name, with a pre-auth key or by phone login. */
public final class NodeConfig {
    /** Tailscale capability version we speak (headscale's minimum is 113). */
    public static final int CAPABILITY_VERSION = 130;

    /** Base URL of the control server, e.g. "http://127.0.0.1:8080/"; ts2021 and /key live under it. */
    public final String controlUrl;
    /** Requested host name (the MagicDNS name is derived from it). */
    public final String hostname;
    /** A pre-auth key, or null for the interactive (QR code) login. */
    public final String authKey;
    /**
     * SSH host keys known in advance (e.g. from the page config), as known_hosts lines
     * "host keytype base64": host is a peer's name, MagicDNS name or address. They are checked
     * silently; a server presenting another key is refused.
     */
    public final List<String> knownHosts;
    /**
     * Host keys of an sshd this node serves (e.g. forwarded port 22), "keytype base64", reported
     * to the control server as Hostinfo.SSH_HostKeys so peers can check them silently.
     */
    public final List<String> sshHostKeys;

    public NodeConfig(String controlUrl, String hostname, String authKey) {
        this(controlUrl, hostname, authKey, List.of(), List.of());
    }

    public NodeConfig(String controlUrl, String hostname, String authKey, List<String> knownHosts, List<String> sshHostKeys) {
        this.controlUrl = controlUrl.endsWith("/") ? controlUrl : controlUrl + "/";
        this.hostname = hostname;
        this.authKey = authKey;
        this.knownHosts = Collections.unmodifiableList(new ArrayList<>(knownHosts == null ? List.of() : knownHosts));
        this.sshHostKeys = Collections.unmodifiableList(new ArrayList<>(sshHostKeys == null ? List.of() : sshHostKeys));
    }

    public NodeConfig withKnownHosts(List<String> lines) {
        return new NodeConfig(controlUrl, hostname, authKey, lines, sshHostKeys);
    }

    public NodeConfig withSshHostKeys(List<String> keys) {
        return new NodeConfig(controlUrl, hostname, authKey, knownHosts, keys);
    }
}
