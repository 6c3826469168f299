package dev.tabnet.server.node;

import dev.tabnet.jvm.BlockingTcpServer;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.JvmTailnetNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on one port of the node's userspace stack and pipes every accepted connection to a local
 * TCP address, one blocking thread per direction. Each direction moves at most one buffer at a
 * time, so a slow side stalls the other through TCP's windows instead of filling memory; an EOF
 * on one side becomes a FIN (half-close) on the other, and a local address that refuses makes the
 * tailnet side see a reset.
 */
final class PortForwarder implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int BUFFER = 64 * 1024;
    /** Two threads, two copy buffers and the tailnet socket's bounded rings (~400 KB) each: beyond this many open connections on one forward, new ones are reset. */
    static final int MAX_CONNECTIONS = 256;

    private final ForwardSpec spec;
    private final BlockingTcpServer server;
    private final Thread acceptor;
    private volatile boolean running = true;
    final AtomicLong accepted = new AtomicLong(), refused = new AtomicLong(), active = new AtomicLong(), overLimit = new AtomicLong();
    /** Connections accepted and not yet finished (including those still connecting locally). */
    private final AtomicLong open = new AtomicLong();

    PortForwarder(JvmTailnetNode node, ForwardSpec spec) throws IOException, InterruptedException {
        this.spec = spec;
        this.server = node.listen(spec.tailnetPort);
        this.acceptor = new Thread(this::acceptLoop, "forward-" + spec.tailnetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (running) {
            BlockingTcpSocket s;
            try {
                s = server.accept(500);
            } catch (InterruptedException e) {
                return;
            }
            if (s == null) continue;
            accepted.incrementAndGet();
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                open.decrementAndGet();
                overLimit.incrementAndGet();
                s.abort();
                continue;
            }
            Thread t = new Thread(() -> serve(s), "forward-" + spec.tailnetPort + "-" + s.core().remoteAddress + ":" + s.core().remotePort);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(BlockingTcpSocket tailnet) {
        try {
            pipe(tailnet);
        } finally {
            open.decrementAndGet();
        }
    }

    private void pipe(BlockingTcpSocket tailnet) {
        Socket local = new Socket();
        try {
            local.setTcpNoDelay(true);
            local.connect(new InetSocketAddress(spec.targetHost, spec.targetPort), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            refused.incrementAndGet();
            System.err.println("forward " + spec + ": " + e.getMessage() + "; resetting the tailnet connection");
            tailnet.abort();
            closeQuietly(local);
            return;
        }
        active.incrementAndGet();
        Thread up = new Thread(() -> {
            try {
                copy(local.getInputStream(), tailnet.getOutputStream());
                tailnet.shutdownOutput(); // local side finished: FIN into the tailnet
            } catch (IOException e) {
                tailnet.abort();
                closeQuietly(local);
            }
        }, Thread.currentThread().getName() + "-up");
        up.setDaemon(true);
        up.start();
        try {
            copy(tailnet.getInputStream(), local.getOutputStream());
            local.shutdownOutput(); // tailnet side finished: FIN to the local server
        } catch (IOException e) {
            closeQuietly(local); // the other direction's read fails and resets the tailnet side
            tailnet.abort();
        }
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(local);
        tailnet.close();
        active.decrementAndGet();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            if (n > 0) out.write(buf, 0, n);
            out.flush();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    ForwardSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        running = false;
        acceptor.interrupt();
        server.close();
    }
}
