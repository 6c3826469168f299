package dev.tabnet.jvm;

import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One tailnet TCP connection (a core {@link TcpSocket}) joined to one kernel TCP connection (a
 * non-blocking {@link SocketChannel}), both served on the node's loop thread: no thread per
 * direction and no hand-off between them, which matters for keystroke latency on a small machine.
 *
 * <p>Each direction holds at most one buffer. While the local side cannot take more, the bridge
 * stops reading the tailnet socket, so its receive window closes; while the tailnet socket's send
 * buffer is full, it stops reading the local side, so the kernel's window closes. An EOF on one
 * side becomes a FIN on the other; a reset, timeout or I/O error on either side ends both.
 */
public final class SocketBridge implements TcpListener {
    /** What the owner of a forward hears about each bridge (on the loop thread). */
    public interface Events {
        /** The local address accepted the connection. */
        default void onConnected() {}

        /** The local address could not be reached; the tailnet side was reset. */
        default void onRefused(String why) {}

        /** The bridge is finished (after onConnected or onRefused). */
        default void onFinished() {}
    }

    private static final int BUFFER = 64 * 1024;

    private final JvmTailnetNode node;
    private final NetStackDriver driver;
    private final TcpSocket tailnet;
    private final InetSocketAddress target;
    private final Events events;
    private SocketChannel local;
    private SelectionKey key;
    /** Tailnet → local bytes not yet written, between position and limit. */
    private final ByteBuffer toLocal = ByteBuffer.allocate(BUFFER).limit(0);
    /** Local → tailnet bytes not yet accepted by the core socket, between position and limit. */
    private final ByteBuffer toTailnet = ByteBuffer.allocate(BUFFER).limit(0);
    private boolean connected, tailnetEof, localEof, tailnetClosed, finished;

    private SocketBridge(JvmTailnetNode node, NetStackDriver driver, TcpSocket tailnet, InetSocketAddress target, Events events) {
        this.node = node;
        this.driver = driver;
        this.tailnet = tailnet;
        this.target = target;
        this.events = events;
    }

    /** Starts connecting to target for an accepted tailnet socket; loop thread only. Returns the socket's listener. */
    static SocketBridge open(JvmTailnetNode node, NetStackDriver driver, TcpSocket tailnet, InetSocketAddress target, Events events) {
        SocketBridge b = new SocketBridge(node, driver, tailnet, target, events);
        try {
            b.local = SocketChannel.open();
            b.local.configureBlocking(false);
            b.local.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean done = b.local.connect(target);
            b.key = node.register(b.local, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, k -> driver.runNow(b::onChannelReady));
            if (done) b.onLocalConnected();
        } catch (IOException | RuntimeException e) {
            // Not from inside the stack's accept callback: reset the new socket on the next turn.
            node.execute(() -> driver.runNow(() -> b.refuse(String.valueOf(e.getMessage()))));
        }
        return b;
    }

    /** Gives up on a local connect still in progress (the owner's connect timeout); loop thread only. */
    public void abandonConnect(String why) {
        driver.runNow(() -> {
            if (!connected && !finished) refuse(why);
        });
    }

    private void onChannelReady() {
        if (finished || !key.isValid()) return;
        try {
            if (!connected && key.isConnectable()) {
                if (local.finishConnect()) onLocalConnected(); // false: still in progress, ready again later
                return;
            }
            if (key.isWritable()) pumpToLocal();
            if (key.isValid() && key.isReadable()) pumpToTailnet();
        } catch (IOException e) {
            if (!connected) refuse(String.valueOf(e.getMessage()));
            else fail();
        }
    }

    private void onLocalConnected() throws IOException {
        connected = true;
        key.interestOps(SelectionKey.OP_READ);
        events.onConnected();
        pumpToLocal(); // what the tailnet side sent while we were connecting
        pumpToTailnet();
    }

    private void refuse(String why) {
        System.err.println("forward to " + target + ": " + why + "; resetting the tailnet connection");
        events.onRefused(why);
        tailnet.abort();
        finish();
    }

    /** Tailnet data into the local socket until either side runs dry. */
    private void pumpToLocal() throws IOException {
        while (connected && !finished) {
            if (toLocal.hasRemaining()) {
                local.write(toLocal);
                if (toLocal.hasRemaining()) {
                    interest(SelectionKey.OP_WRITE, true); // resumes when the kernel takes more
                    return;
                }
            }
            interest(SelectionKey.OP_WRITE, false);
            if (tailnetEof) return;
            int n = tailnet.read(toLocal.array(), 0, BUFFER);
            if (n == 0) {
                toLocal.limit(0);
                if (tailnetClosed) closeBoth(); // closed and fully drained
                return;
            }
            if (n < 0) {
                tailnetEof = true;
                toLocal.limit(0);
                local.shutdownOutput(); // FIN to the local server
                if (tailnetClosed || localEof) closeBoth();
                return;
            }
            toLocal.position(0).limit(n);
        }
    }

    /** Local data into the tailnet socket until either side runs dry. */
    private void pumpToTailnet() throws IOException {
        while (connected && !finished) {
            if (toTailnet.hasRemaining()) {
                int w = tailnet.write(toTailnet.array(), toTailnet.position(), toTailnet.remaining());
                if (w < 0) { // the tailnet side can no longer take data
                    fail();
                    return;
                }
                toTailnet.position(toTailnet.position() + w);
                if (toTailnet.hasRemaining()) {
                    interest(SelectionKey.OP_READ, false); // resumes on onWritable
                    return;
                }
            }
            if (localEof) return;
            toTailnet.clear();
            int n = local.read(toTailnet);
            toTailnet.flip();
            if (n == 0) {
                interest(SelectionKey.OP_READ, true);
                return;
            }
            if (n < 0) {
                localEof = true;
                interest(SelectionKey.OP_READ, false);
                tailnet.shutdownOutput(); // FIN into the tailnet
                return;
            }
        }
    }

    private void interest(int op, boolean on) {
        if (!key.isValid()) return;
        int ops = key.interestOps();
        int next = on ? ops | op : ops & ~op;
        if (next != ops) key.interestOps(next);
    }

    // ---- the tailnet socket's events (on the loop thread) ----

    @Override
    public void onReadable(TcpSocket socket) {
        guarded(this::pumpToLocal);
    }

    @Override
    public void onWritable(TcpSocket socket) {
        guarded(this::pumpToTailnet);
    }

    @Override
    public void onClosed(TcpSocket socket, CloseReason reason) {
        tailnetClosed = true;
        if (reason != CloseReason.NORMAL) {
            closeBoth();
            return;
        }
        guarded(this::pumpToLocal); // deliver what is still queued, then close
        if (!toLocal.hasRemaining() && tailnet.available() == 0) closeBoth();
    }

    private interface Step {
        void run() throws IOException;
    }

    private void guarded(Step step) {
        if (finished) return;
        try {
            step.run();
        } catch (IOException e) {
            fail();
        }
    }

    /** An I/O error on the local side: reset the tailnet side and stop. */
    private void fail() {
        tailnet.abort();
        closeBoth();
    }

    private void closeBoth() {
        if (finished) return;
        if (!tailnetClosed) tailnet.close(); // FIN after what is queued; the core finishes on its own
        finish();
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (key != null) key.cancel();
        if (local != null) {
            try {
                local.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        events.onFinished();
    }
}
