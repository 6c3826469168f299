package dev.tabnet.web;

import dev.tabnet.console.tailnet.PeerInfo;
import dev.tabnet.console.tailnet.ScpListener;
import dev.tabnet.console.tailnet.ScpRequest;
import dev.tabnet.console.tailnet.SshListener;
import dev.tabnet.console.tailnet.SshRequest;
import dev.tabnet.console.tailnet.SshSession;
import dev.tabnet.console.tailnet.Tailnet;
import java.util.List;

/**
 * The console's Tailnet across Retry: the commands are registered once on this, and a Retry swaps
 * in a fresh node (new keys) behind it.
 */
final class NodeHolder implements Tailnet {
    private Tailnet node;
    private String failure = "";

    void set(Tailnet node) {
        this.node = node;
        this.failure = "";
    }

    Tailnet current() {
        return node;
    }

    /** The node could not even be created or crashed; the console says so instead of hanging. */
    void failed(String words) {
        failure = words;
    }

    @Override
    public State state() {
        if (!failure.isEmpty()) return State.ERROR;
        return node == null ? State.STARTING : node.state();
    }

    @Override
    public String stateDetail() {
        if (!failure.isEmpty()) return failure;
        return node == null ? "starting" : node.stateDetail();
    }

    @Override
    public PeerInfo self() {
        return node == null ? null : node.self();
    }

    @Override
    public List<PeerInfo> peers() {
        return node == null ? List.of() : node.peers();
    }

    @Override
    public void up() {
        if (node != null) node.up();
    }

    @Override
    public void down() {
        if (node != null) node.down();
    }

    @Override
    public void logout() {
        if (node != null) node.logout();
    }

    @Override
    public Cancellable ping(String target, int count, PingListener listener) {
        if (node == null) {
            listener.done("the node is not running");
            return () -> {};
        }
        return node.ping(target, count, listener);
    }

    @Override
    public Cancellable netcheck(NetcheckListener listener) {
        if (node == null) {
            listener.done("the node is not running");
            return () -> {};
        }
        return node.netcheck(listener);
    }

    @Override
    public SshSession ssh(SshRequest request, SshListener listener) {
        if (node != null) return node.ssh(request, listener);
        listener.closed(null, "the node is not running");
        return SshSession.ENDED;
    }

    @Override
    public SshSession scp(ScpRequest request, ScpListener listener) {
        if (node != null) return node.scp(request, listener);
        listener.closed(null, "the node is not running");
        return SshSession.ENDED;
    }
}
