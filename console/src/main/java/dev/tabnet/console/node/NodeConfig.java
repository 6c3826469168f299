package dev.tabnet.console.node;

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

    public NodeConfig(String controlUrl, String hostname, String authKey) {
        this.controlUrl = controlUrl.endsWith("/") ? controlUrl : controlUrl + "/";
        this.hostname = hostname;
        this.authKey = authKey;
    }
}
