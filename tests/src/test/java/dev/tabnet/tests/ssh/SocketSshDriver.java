package dev.tabnet.tests.ssh;

import dev.tabnet.core.ssh.SshClient;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.core.ssh.SshClientListener;
import dev.tabnet.core.crypto.SecureEntropy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The JVM test adapter: drives the sans-I/O SshClient over a plain loopback socket on the calling
 * thread (write what it queued, read what arrived, feed it, fire timers), the way the tab's event
 * loop drives it over its own TCP stream.
 */
final class SocketSshDriver implements AutoCloseable {
    final SshClient client;
    final Recorder events = new Recorder();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private boolean eof;

    /** Connection-level events, kept for assertions. */
    static final class Recorder implements SshClientListener {
        volatile boolean closed;
        volatile String error;
        String authMethod;
        final StringBuilder banner = new StringBuilder();

        @Override public void banner(String text) { banner.append(text); }
        @Override public void authenticated(String method) { authMethod = method; }

        @Override
        public void closed(String err) {
            closed = true;
            error = err;
        }
    }

    SocketSshDriver(int port, SshClientConfig config) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        client = new SshClient(config, new SecureEntropy(), events);
        client.start(System.nanoTime());
    }

    /** Runs the loop until done is true; fails after timeoutMillis. */
    void runUntil(BooleanSupplier done, long timeoutMillis, String what) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            flush();
            if (done.getAsBoolean()) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + " (closed=" + events.closed + ", error=" + events.error + ")");
            }
            if (eof) {
                if (!client.isClosed()) client.connectionLost("server closed the TCP connection");
                if (done.getAsBoolean()) return;
                throw new AssertionError("connection ended while waiting for " + what + ": " + client.error());
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                n = 0;
            } catch (IOException e) {
                n = -1;
            }
            long now = System.nanoTime();
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                client.receive(buf, 0, n, now);
            }
            if (now >= client.nextDeadline()) client.tick(now);
        }
    }

    void runUntilAuthenticated() throws IOException {
        runUntil(() -> client.isAuthenticated() || client.isClosed(), 15000, "authentication");
        if (!client.isAuthenticated()) throw new AssertionError("authentication failed: " + client.error());
    }

    /** Keeps the loop running for a while (e.g. to let keepalives happen). */
    void runFor(long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        runUntil(() -> System.nanoTime() >= end || client.isClosed(), millis + 5000, "time to pass");
    }

    private void flush() throws IOException {
        byte[] chunk;
        boolean wrote = false;
        while ((chunk = client.pollOutput()) != null) {
            try {
                out.write(chunk);
            } catch (IOException e) {
                eof = true;
                return;
            }
            wrote = true;
        }
        if (wrote) out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!client.isClosed()) client.disconnect();
        try {
            flush();
        } finally {
            socket.close();
        }
    }
}
