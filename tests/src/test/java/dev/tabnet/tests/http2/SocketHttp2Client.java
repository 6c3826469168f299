package dev.tabnet.tests.http2;

import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Connection;
import dev.tabnet.core.http2.Http2ConnectionListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Test adapter: drives the sans-I/O {@link Http2Connection} over a loopback TCP socket. One loop
 * thread owns the connection (received bytes and application calls are queued to it) and writes
 * whatever output the connection has after each task; a reader thread only moves bytes.
 */
final class SocketHttp2Client implements AutoCloseable {
    private final Socket socket;
    private final OutputStream os;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread loop;
    private final Thread reader;
    private volatile boolean running = true;
    final Http2Connection conn;
    volatile long bytesWritten;
    volatile long bytesRead;
    final CompletableFuture<Void> transportClosed = new CompletableFuture<>();

    SocketHttp2Client(int port, Http2Config config, Http2ConnectionListener listener) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        os = socket.getOutputStream();
        conn = new Http2Connection(config, listener);
        loop = new Thread(this::runLoop, "h2-loop");
        reader = new Thread(this::runReader, "h2-reader");
        loop.setDaemon(true);
        reader.setDaemon(true);
        loop.start();
        reader.start();
        post(c -> {}); // flush the preface
    }

    /** Runs f on the loop thread and waits for its result. */
    <T> T call(Function<Http2Connection, T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                r.complete(f.apply(conn));
            } catch (Throwable t) {
                r.completeExceptionally(t);
            }
        });
        try {
            return r.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void post(Consumer<Http2Connection> f) {
        tasks.add(() -> f.accept(conn));
    }

    private void runLoop() {
        try {
            while (running) {
                Runnable t = tasks.poll(100, TimeUnit.MILLISECONDS);
                if (t == null) continue;
                t.run();
                for (Runnable more; (more = tasks.poll()) != null; ) more.run();
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flush() {
        try {
            boolean wrote = false;
            while (conn.hasOutput()) {
                byte[] b = conn.takeOutput();
                os.write(b);
                bytesWritten += b.length;
                wrote = true;
            }
            if (wrote) os.flush();
            if (conn.isClosed() && !socket.isOutputShutdown()) socket.shutdownOutput(); // finished: flushed, then close
        } catch (IOException e) {
            conn.onTransportClosed();
        }
    }

    private void runReader() {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                byte[] copy = java.util.Arrays.copyOf(buf, n);
                bytesRead += n;
                tasks.add(() -> conn.onBytes(copy, 0, copy.length));
            }
        } catch (IOException e) {
            // socket closed
        }
        tasks.add(() -> {
            conn.onTransportClosed();
            transportClosed.complete(null);
        });
    }

    @Override
    public void close() throws IOException {
        running = false;
        socket.close();
        try {
            loop.join(5000);
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
