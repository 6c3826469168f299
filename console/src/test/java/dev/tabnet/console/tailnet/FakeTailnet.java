package dev.tabnet.console.tailnet;

import java.util.ArrayList;
import java.util.List;

/** A scripted Tailnet for console tests: records calls, lets the test fire listener events. */
final class FakeTailnet implements Tailnet {
    State state = State.RUNNING;
    String detail = "";
    PeerInfo self = new PeerInfo("tab-1", "tab-1.tail.ts.net.", List.of("100.64.0.2", "fd7a:115c:a1e0::2"), true, "js", "stub", "alice");
    final List<PeerInfo> peers = new ArrayList<>();
    PingListener lastPing;
    String lastPingTarget;
    boolean pingCancelled;
    SshRequest lastSsh;
    SshListener lastSshListener;
    final StringBuilder sshInput = new StringBuilder();
    boolean sshClosed;
    int[] lastResize;
    ScpRequest lastScp;
    ScpListener lastScpListener;
    boolean scpClosed;

    FakeTailnet() {
        peers.add(new PeerInfo("db1", "db1.tail.ts.net.", List.of("100.64.0.5"), true, "linux", "stub", "ops"));
        peers.add(new PeerInfo("web2", "web2.tail.ts.net.", List.of("100.64.0.6"), false, "linux", "", "ops"));
    }

    @Override public State state() { return state; }
    @Override public String stateDetail() { return detail; }
    @Override public PeerInfo self() { return self; }
    @Override public List<PeerInfo> peers() { return peers; }
    @Override public void up() { state = State.RUNNING; }
    @Override public void down() { state = State.STOPPED; }
    @Override public void logout() { state = State.NEEDS_LOGIN; }
    @Override public SshKeyInfo sshKey() { return new SshKeyInfo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE tabnet-tab-1", "SHA256:fakefingerprint"); }

    @Override
    public Cancellable ping(String target, int count, PingListener listener) {
        lastPing = listener;
        lastPingTarget = target;
        return () -> pingCancelled = true;
    }

    @Override
    public Cancellable netcheck(NetcheckListener listener) {
        listener.region(1, "stub", 1.25, true);
        listener.done(null);
        return () -> {};
    }

    @Override
    public SshSession ssh(SshRequest request, SshListener listener) {
        lastSsh = request;
        lastSshListener = listener;
        return new SshSession() {
            @Override public void input(String data) { sshInput.append(data); }
            @Override public void resize(int columns, int rows) { lastResize = new int[] {columns, rows}; }
            @Override public void close() { sshClosed = true; }
        };
    }

    @Override
    public SshSession scp(ScpRequest request, ScpListener listener) {
        lastScp = request;
        lastScpListener = listener;
        return new SshSession() {
            @Override public void input(String data) {}
            @Override public void resize(int columns, int rows) {}
            @Override public void close() { scpClosed = true; }
        };
    }
}
