package dev.tabnet.tests.ssh;

import dev.tabnet.core.ssh.SshClient;
import dev.tabnet.core.ssh.SshClientListener;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * Glue between a TcpSocket of our userspace stack and the core SshClient, for interop tests that
 * run SSH through our own tunnel; runs on the stack's loop thread only.
 */
final class SshOverTcpSocket implements TcpListener, SshClientListener {
    SshClient client;
    TcpSocket socket;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingOff;
    private final byte[] buf = new byte[64 * 1024];
    volatile boolean closed;
    volatile String error;

    @Override public void onConnected(TcpSocket s) { flush(); }
    @Override public void onWritable(TcpSocket s) { flush(); }

    @Override
    public void onReadable(TcpSocket s) {
        for (int n; (n = s.read(buf, 0, buf.length)) != 0; ) {
            if (n < 0) {
                client.connectionLost("the server closed the TCP connection");
                return;
            }
            client.receive(buf, 0, n, System.nanoTime());
        }
        flush();
    }

    @Override
    public void onClosed(TcpSocket s, CloseReason reason) {
        client.connectionLost("TCP closed: " + reason);
    }

    /** Moves what the client queued into the socket, keeping the rest until it has room. */
    void flush() {
        for (byte[] b; (b = client.pollOutput()) != null; ) pending.add(b);
        while (!pending.isEmpty()) {
            byte[] head = pending.peek();
            int n = socket.write(head, pendingOff, head.length - pendingOff);
            if (n <= 0) return;
            pendingOff += n;
            if (pendingOff < head.length) return;
            pending.poll();
            pendingOff = 0;
        }
    }

    @Override
    public void closed(String err) {
        closed = true;
        error = err;
    }

    /** Polls c every 5 ms; fails the test after ms milliseconds. */
    static void waitFor(BooleanSupplier c, long ms, String what) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}
