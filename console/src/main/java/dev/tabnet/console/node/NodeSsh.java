package dev.tabnet.console.node;

import dev.tabnet.console.tailnet.SshListener;
import dev.tabnet.console.tailnet.SshRequest;
import dev.tabnet.console.tailnet.SshSession;
import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.HostKeyVerifier;
import dev.tabnet.core.ssh.SshAlgorithms;
import dev.tabnet.core.ssh.SshClient;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.core.ssh.SshClientListener;
import dev.tabnet.core.ssh.SshPrompter;
import dev.tabnet.core.ssh.SshTerminalSession;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One console SSH connection: the core {@link SshClient} and its {@link Work} (a
 * {@link SshTerminalSession} for ssh, a {@link NodeScp} download for scp) over a TCP connection of
 * the node's own stack to the peer. Host-key questions and passwords go to the
 * console's {@link SshListener}; their answers come back later on the same event loop, after
 * which the node drives again. The session reports {@code closed} exactly once.
 */
final class NodeSsh implements SshSession, TcpListener, SshClientListener {
    /** Our SYN retries would take over a minute to give up; a person waits less. */
    static final long CONNECT_TIMEOUT_NANOS = Clock.seconds(20);

    private final SshListener listener;
    private final Runnable wake;
    private final Runnable onEnd;
    private final String target;
    private final SshClient client;
    private final Work work;
    private final TcpSocket socket;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingOff;
    private final byte[] buf = new byte[16 * 1024];
    private final long connectDeadline;
    private final NodePlatform platform;
    private boolean connected;
    private boolean finished;

    NodeSsh(NodePlatform platform, NetStack stack, IpAddress address, String hostKeyName, SshRequest req, HostKeyVerifier hostKeys, Ed25519Identity identity, SshAlgorithms algorithms, Entropy entropy,
            SshListener listener, Runnable wake, Runnable onEnd, WorkFactory what) {
        this.platform = platform;
        this.listener = listener;
        this.wake = wake;
        this.onEnd = onEnd;
        this.target = address + ":" + req.port;
        long now = platform.nowNanos();
        SshClientConfig cfg = new SshClientConfig(req.user, hostKeyName, hostKeys)
                // The tab's key first: a host that has its line in authorized_keys asks no password.
                .authMethods(SshClientConfig.PUBLICKEY, SshClientConfig.KEYBOARD_INTERACTIVE, SshClientConfig.PASSWORD)
                .identity(identity)
                .algorithms(algorithms)
                .prompter(new ConsolePrompter(req.user, req.host));
        client = new SshClient(cfg, entropy, this);
        client.start(now);
        work = what.start(client, this::finish, () -> {
            flush();
            wake.run();
        });
        connectDeadline = now + CONNECT_TIMEOUT_NANOS;
        listener.progress("connecting to " + req.host + " (" + target + ") …");
        stack.advance(now);
        socket = stack.connect(address, req.port, this);
    }

    /** What runs over the authenticated connection: a terminal session or a download. */
    interface Work {
        default void input(String data) {}

        default void resize(int columns, int rows) {}

        /** Ends it from our side; it then reports through its Ending. */
        void close();
    }

    interface Ending {
        /** Exactly once: the work is over (exitStatus null if none; error null on a clean end). */
        void ended(Integer exitStatus, String error);
    }

    interface WorkFactory {
        /**
         * Starts the work on the client (it opens its channel once the login succeeded). Outside
         * a NodeSsh callback (e.g. when a sink stored bytes later) the work calls send, which moves
         * the client's output to the socket.
         */
        Work start(SshClient client, Ending ending, Runnable send);
    }

    /** `ssh`: a shell with a pty, or a command without one. */
    static WorkFactory terminal(SshRequest req, SshListener listener) {
        return (client, ending, send) -> {
            SshTerminalSession t = new SshTerminalSession(client, req.command, req.columns, req.rows, new SshTerminalSession.Listener() {
                @Override
                public void output(String text) {
                    listener.output(text);
                }

                @Override
                public void closed(Integer exitStatus, String error) {
                    ending.ended(exitStatus, error);
                }
            });
            return new Work() {
                @Override public void input(String data) { t.input(data); }
                @Override public void resize(int columns, int rows) { t.resize(columns, rows); }
                @Override public void close() { t.close(); }
            };
        };
    }

    boolean finished() {
        return finished;
    }

    long nextDeadline() {
        if (finished) return Clock.NEVER;
        return connected ? client.nextDeadline() : Math.min(connectDeadline, client.nextDeadline());
    }

    void onTimer(long now) {
        if (finished) return;
        if (!connected && now >= connectDeadline) {
            finish(null, "connection to " + target + " timed out");
            socket.abort();
            return;
        }
        if (client.nextDeadline() <= now) client.tick(now);
        flush();
    }

    /** Moves what the client queued into the socket, keeping the rest until the socket has room. */
    void flush() {
        for (byte[] b; (b = client.pollOutput()) != null; ) pending.add(b);
        if (!connected) return;
        while (!pending.isEmpty()) {
            byte[] head = pending.peek();
            int n = socket.write(head, pendingOff, head.length - pendingOff);
            if (n <= 0) return;
            pendingOff += n;
            if (pendingOff < head.length) return;
            pending.poll();
            pendingOff = 0;
        }
        if (finished && client.isClosed()) socket.close(); // FIN after our last bytes (the DISCONNECT)
    }

    /** The node is going away: end the session with a reason. */
    void abort(String reason) {
        if (finished) return;
        finish(null, reason);
        socket.abort();
    }

    private void finish(Integer exitStatus, String error) {
        if (finished) return;
        finished = true;
        listener.closed(exitStatus, error);
        if (!client.isClosed()) client.disconnect();
        onEnd.run();
    }

    // ---- SshSession (console side) ----

    @Override
    public void input(String data) {
        if (finished) return;
        work.input(data);
        flush();
        wake.run();
    }

    @Override
    public void resize(int columns, int rows) {
        if (finished) return;
        work.resize(columns, rows);
        flush();
        wake.run();
    }

    @Override
    public void close() {
        if (finished) return;
        work.close(); // reports through its Ending
        flush();
        if (!connected) socket.abort();
        wake.run();
    }

    // ---- TcpListener ----

    @Override
    public void onConnected(TcpSocket s) {
        connected = true;
        flush();
    }

    @Override
    public void onWritable(TcpSocket s) {
        flush();
    }

    @Override
    public void onReadable(TcpSocket s) {
        for (int n; (n = s.read(buf, 0, buf.length)) != 0; ) {
            if (n < 0) {
                client.connectionLost("the server closed the connection");
                if (!finished) finish(null, "the server closed the connection");
                s.close();
                return;
            }
            client.receive(buf, 0, n, platform.nowNanos());
        }
        flush();
    }

    @Override
    public void onClosed(TcpSocket s, CloseReason reason) {
        if (!finished) {
            switch (reason) {
                case REFUSED: finish(null, "connection to " + target + " refused"); break;
                case TIMEOUT: finish(null, connected ? "connection to " + target + " timed out" : "no answer from " + target); break;
                case RESET: finish(null, "connection reset by " + target); break;
                default: break;
            }
        }
        client.connectionLost("TCP " + reason.name().toLowerCase());
        if (!finished) finish(null, "connection to " + target + " closed");
    }

    // ---- SshClientListener ----

    @Override
    public void banner(String text) {
        listener.output(text.replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    @Override
    public void authenticated(String method) {
        if (method.equals(SshClientConfig.PUBLICKEY)) listener.progress("logged in with this tab's key (ssh-key shows it)");
    }

    @Override
    public void closed(String error) {
        if (!finished && error != null) finish(null, error);
    }

    /** Passwords and keyboard-interactive prompts, asked on the console one at a time. */
    private final class ConsolePrompter implements SshPrompter {
        private final String user, host;

        ConsolePrompter(String user, String host) {
            this.user = user;
            this.host = host;
        }

        @Override
        public void password(String u, String h, Consumer<String> answer) {
            listener.prompt(user + "@" + host + "'s password: ", false, a -> {
                answer.accept(a);
                flush();
                wake.run();
            });
        }

        @Override
        public void keyboardInteractive(String name, String instruction, String[] prompts, boolean[] echo, Consumer<String[]> answer) {
            if (instruction != null && !instruction.isEmpty()) listener.progress(instruction);
            String[] out = new String[prompts.length];
            ask(0, prompts, echo, out, answer);
        }

        private void ask(int i, String[] prompts, boolean[] echo, String[] out, Consumer<String[]> answer) {
            if (i == prompts.length) {
                answer.accept(out);
                flush();
                wake.run();
                return;
            }
            String p = prompts[i].isEmpty() ? user + "@" + host + "'s password: " : prompts[i];
            listener.prompt(p, echo[i], a -> {
                out[i] = a;
                ask(i + 1, prompts, echo, out, answer);
            });
        }
    }
}
