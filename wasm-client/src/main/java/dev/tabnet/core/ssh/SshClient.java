package dev.tabnet.core.ssh;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;

/**
 * An SSH-2 client as a sans-I/O state machine: feed it the server's TCP bytes with receive(),
 * send what pollOutput() returns, call tick() at nextDeadline(). It never blocks, starts no
 * threads and reads no clock, so the same object runs over a JVM socket and over the tab's own TCP
 * stream. Nothing thrown by malformed input escapes: the session closes with a readable error.
 */
public final class SshClient implements Transport.Upper, UserAuth.Done {
    private final SshClientConfig config;
    private final SshClientListener listener;
    private final Transport transport;
    private final UserAuth auth;
    private final Connection connection;
    private String[] serverSigAlgs;
    private boolean closedReported;
    private boolean started;
    private long now;
    private long nextKeepalive = Clock.NEVER;

    public SshClient(SshClientConfig config, Entropy entropy, SshClientListener listener) {
        this.config = config;
        this.listener = listener;
        this.transport = new Transport(entropy, config.algorithms, config.host, config.hostKeys, this);
        this.transport.rekeyBytes = config.rekeyBytes;
        this.transport.rekeyPackets = config.rekeyPackets;
        this.auth = new UserAuth(config, transport, this);
        this.connection = new Connection(transport);
    }

    /** Queues our identification line and KEXINIT. */
    public void start(long nowNanos) {
        if (started) return;
        started = true;
        now = nowNanos;
        transport.start();
        kexInitDeadline = nowNanos + KEXINIT_WAIT_NANOS;
    }

    /**
     * Our first KEXINIT waits for the server's (see Transport.start); a server that waits for ours
     * instead (RFC 4253 lets both sides send first) gets it after this long, in the order that is
     * safe without strict kex.
     */
    static final long KEXINIT_WAIT_NANOS = Clock.seconds(5);
    private long kexInitDeadline = Clock.NEVER;

    /** Bytes from the server. */
    public void receive(byte[] b, int off, int len, long nowNanos) {
        now = nowNanos;
        if (transport.isClosed()) return;
        try {
            transport.receive(b, off, len);
            if (config.keepaliveIntervalNanos > 0 && auth.authenticated()) nextKeepalive = nowNanos + config.keepaliveIntervalNanos;
        } catch (SshException e) {
            transport.fail(e);
        } catch (RuntimeException e) { // a bug must not take down the caller's event loop
            transport.fail(SshException.protocol("internal error: " + e));
        }
        reportClosed();
    }

    /** The TCP connection ended (FIN or reset) before we closed the session. */
    public void connectionLost(String reason) {
        if (!transport.isClosed()) transport.disconnect(SshMessages.SSH_DISCONNECT_CONNECTION_LOST, "connection lost", "connection lost: " + reason);
        reportClosed();
    }

    /** Timers: keepalives, and the first KEXINIT if the server never sends its own. */
    public void tick(long nowNanos) {
        now = nowNanos;
        if (kexInitDeadline != Clock.NEVER && nowNanos >= kexInitDeadline) {
            kexInitDeadline = Clock.NEVER;
            transport.sendFirstKexInitIfStillWaiting();
        }
        if (transport.isClosed() || nowNanos < nextKeepalive) return;
        if (connection.keepalivesUnanswered >= config.keepaliveMaxMissed) {
            transport.disconnect(SshMessages.SSH_DISCONNECT_CONNECTION_LOST, "keepalive timeout",
                    "the server did not answer " + connection.keepalivesUnanswered + " keepalives");
            reportClosed();
            return;
        }
        connection.sendKeepalive();
        nextKeepalive = nowNanos + config.keepaliveIntervalNanos;
    }

    public long nextDeadline() {
        if (transport.isClosed()) return Clock.NEVER;
        return transport.waitingForFirstKexInit() ? Math.min(kexInitDeadline, nextKeepalive) : nextKeepalive;
    }

    /** The next chunk of bytes to send to the server, or null. */
    public byte[] pollOutput() {
        reportClosed();
        return transport.output.poll();
    }

    public boolean hasOutput() {
        return !transport.output.isEmpty();
    }

    /** A session channel; it opens once authentication has succeeded. */
    public SshChannel openSession(SshChannel.Listener channelListener) {
        return connection.openSession(channelListener);
    }

    /** Starts a key re-exchange now (normally it happens at the configured traffic limits). */
    public void rekey() {
        transport.rekey();
    }

    /** Closes the session from our side (SSH_MSG_DISCONNECT, reason "by application"). */
    public void disconnect() {
        transport.disconnect(SshMessages.SSH_DISCONNECT_BY_APPLICATION, "bye", null);
        reportClosed();
    }

    public long keepalivesSent() { return connection.keepalivesSent; }
    /** Replies (success or failure) to our global requests; each proves the server alive. */
    public long keepaliveRepliesReceived() { return connection.globalRepliesReceived; }
    public boolean isClosed() { return transport.isClosed(); }
    public String error() { return transport.error(); }
    public boolean isAuthenticated() { return auth.authenticated(); }
    public int kexCount() { return transport.kexCount(); }
    public boolean strictKex() { return transport.strictKex(); }
    public Negotiated negotiated() { return transport.negotiated(); }
    public HostKey hostKey() { return transport.hostKey(); }
    public String serverVersion() { return transport.serverVersion(); }
    /** The methods the server listed in its last USERAUTH_FAILURE. */
    public String[] serverAuthMethods() { return auth.allowedMethods(); }
    /** server-sig-algs from EXT_INFO (RFC 8308 §3.1), or null if the server sent none. */
    public String[] serverSigAlgs() { return serverSigAlgs == null ? null : serverSigAlgs.clone(); }

    private void reportClosed() {
        if (!transport.isClosed() || closedReported) return;
        closedReported = true;
        nextKeepalive = Clock.NEVER;
        String err = transport.error();
        connection.lost(err == null ? "session closed" : err);
        listener.closed(err);
    }

    // ---- Transport.Upper / UserAuth.Done -----------------------------------------------------

    @Override
    public void transportReady() {
        auth.start();
    }

    @Override
    public boolean payload(int type, byte[] payload) throws SshException {
        if (type == SshMessages.SSH_MSG_SERVICE_ACCEPT || (type >= 50 && type < 80)) return auth.handle(type, payload);
        if (type >= 80 && type < 128) {
            if (!auth.authenticated()) throw SshException.protocol("connection message " + type + " before authentication");
            return connection.handle(type, payload);
        }
        return false;
    }

    @Override
    public void serverSigAlgs(String[] algs) {
        serverSigAlgs = algs;
    }

    @Override
    public void authenticated(String method) {
        if (config.keepaliveIntervalNanos > 0) nextKeepalive = now + config.keepaliveIntervalNanos;
        listener.authenticated(method);
        connection.ready();
    }

    @Override
    public void banner(String text) {
        listener.banner(text);
    }
}
