package dev.tabnet.console.tailnet;

import java.util.List;

/** What the console can ask of this tab's tailnet node. */
public interface Tailnet {
    enum State { STOPPED, STARTING, NEEDS_LOGIN, CONNECTING, RUNNING, ERROR }

    State state();

    /** Words for the current state (e.g. the error, or "waiting for approval"). */
    String stateDetail();

    /** This node; null before it has registered. */
    PeerInfo self();

    List<PeerInfo> peers();

    void up();

    void down();

    /** Forgets this node's registration (the server removes it); keys stay only until the tab closes. */
    void logout();

    /** Sends count ICMP echo requests through the tunnel to target (a name or an address). */
    Cancellable ping(String target, int count, PingListener listener);

    /** Measures the latency to each DERP relay region. */
    Cancellable netcheck(NetcheckListener listener);

    /** Opens an SSH session; see {@link SshRequest}. */
    SshSession ssh(SshRequest request, SshListener listener);

    /** Downloads one file over SSH (the classic scp protocol); close() on the result cancels it. */
    default SshSession scp(ScpRequest request, ScpListener listener) {
        listener.closed(null, "scp is not available here");
        return SshSession.ENDED;
    }

    /** The key {@link #ssh} offers first (publickey auth); null if this tailnet has none. */
    default SshKeyInfo sshKey() {
        return null;
    }

    interface Cancellable {
        void cancel();
    }

    interface PingListener {
        /** One reply: round-trip time and the path it took (e.g. "via DERP(region 1)"). */
        void reply(String address, int seq, double rttMillis, String path);

        void timeout(int seq);

        /** No more replies will come; error is null on a normal end. */
        void done(String error);
    }

    interface NetcheckListener {
        void region(int regionId, String regionName, double latencyMillis, boolean preferred);

        void done(String error);
    }
}
