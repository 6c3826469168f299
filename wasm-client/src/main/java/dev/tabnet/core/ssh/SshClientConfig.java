package dev.tabnet.core.ssh;

import dev.tabnet.core.Clock;

/** Settings for one connection. Fluent setters; defaults are safe for interactive use. */
public final class SshClientConfig {
    public static final String PUBLICKEY = "publickey";
    public static final String PASSWORD = "password";
    public static final String KEYBOARD_INTERACTIVE = "keyboard-interactive";

    String user;
    String host;
    SshAlgorithms algorithms = SshAlgorithms.defaults();
    HostKeyVerifier hostKeys;
    Ed25519Identity identity;
    SshPrompter prompter;
    String[] authMethods = {PUBLICKEY, KEYBOARD_INTERACTIVE, PASSWORD};
    long keepaliveIntervalNanos = Clock.seconds(30);
    int keepaliveMaxMissed = 3;
    /** Re-key after this much traffic in either direction; stricter than RFC 4344 §3.2's 2^32 blocks. */
    long rekeyBytes = 1L << 30;
    /** RFC 4344 §3.1: re-key at least every 2^32 packets; we do it at 2^31 like OpenSSH. */
    long rekeyPackets = 1L << 31;

    public SshClientConfig(String user, String host, HostKeyVerifier hostKeys) {
        if (user == null || host == null || hostKeys == null) throw new IllegalArgumentException("user, host and host key policy are required");
        this.user = user;
        this.host = host;
        this.hostKeys = hostKeys;
    }

    public SshClientConfig algorithms(SshAlgorithms a) { algorithms = a; return this; }
    public SshClientConfig hostKeys(HostKeyVerifier v) { hostKeys = v; return this; }
    public SshClientConfig identity(Ed25519Identity id) { identity = id; return this; }
    public SshClientConfig prompter(SshPrompter p) { prompter = p; return this; }

    /** Methods to try after "none", in order; an empty list means "none" only. */
    public SshClientConfig authMethods(String... methods) { authMethods = methods.clone(); return this; }

    /** 0 disables keepalives. */
    public SshClientConfig keepalive(long intervalNanos, int maxMissed) {
        keepaliveIntervalNanos = intervalNanos;
        keepaliveMaxMissed = maxMissed;
        return this;
    }

    public SshClientConfig rekeyLimits(long bytes, long packets) {
        rekeyBytes = bytes;
        rekeyPackets = packets;
        return this;
    }
}
