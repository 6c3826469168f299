package dev.tabnet.jvm;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Blocking {@link InputStream}/{@link OutputStream} over a non-blocking core {@link TcpSocket}.
 * Every socket call runs on the driver's loop thread; the calling thread waits for the socket's
 * readable/writable/closed signals. Writes block while the bounded send buffer is full, so a fast
 * writer is back-pressured by the peer's window instead of buffering without bound.
 */
public final class BlockingTcpSocket implements AutoCloseable {
    private final NetStackDriver driver;
    private volatile TcpSocket socket;
    private final Object lock = new Object();
    private long events; // bumped on every callback; waiters compare snapshots
    private boolean connected;
    private CloseReason closed;

    private final Listener listener = new Listener();
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    private BlockingTcpSocket(NetStackDriver driver) {
        this.driver = driver;
    }

    /** Active open; waits up to {@code timeoutMillis} for the handshake. */
    public static BlockingTcpSocket connect(NetStackDriver driver, IpAddress remote, int port, long timeoutMillis)
            throws IOException, InterruptedException {
        BlockingTcpSocket b = new BlockingTcpSocket(driver);
        b.socket = driver.call(() -> driver.stack().connect(remote, port, b.listener));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (b.lock) {
            while (!b.connected && b.closed == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                b.lock.wait(Math.max(1, left / 1_000_000L));
            }
            if (!b.connected) {
                driver.execute(b.socket::abort);
                throw new IOException("connect to " + remote + ":" + port + " failed: " + (b.closed == null ? "timeout" : b.closed));
            }
        }
        return b;
    }

    /** Wraps a socket handed to a {@link dev.tabnet.core.netstack.TcpAcceptor} (call on the loop thread). */
    static BlockingTcpSocket accepted(NetStackDriver driver, TcpSocket s) {
        BlockingTcpSocket b = new BlockingTcpSocket(driver);
        b.socket = s;
        b.connected = true;
        s.setListener(b.listener);
        return b;
    }

    public TcpSocket core() {
        return socket;
    }

    public InputStream getInputStream() {
        return in;
    }

    public OutputStream getOutputStream() {
        return out;
    }

    /** Half-close: sends FIN after queued data; reading continues. */
    public void shutdownOutput() {
        driver.execute(socket::shutdownOutput);
    }

    /** Waits until the connection has fully closed (both FINs exchanged, or reset). */
    public CloseReason awaitClosed(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (lock) {
            while (closed == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return closed;
        }
    }

    @Override
    public void close() {
        driver.execute(socket::close);
    }

    public void abort() {
        driver.execute(socket::abort);
    }

    private long snapshot() {
        synchronized (lock) {
            return events;
        }
    }

    private void awaitEventAfter(long seen) throws InterruptedIOException {
        synchronized (lock) {
            try {
                while (events == seen) lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }

    private <T> T onLoop(java.util.function.Supplier<T> fn) throws InterruptedIOException {
        try {
            return driver.call(fn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    private final class Listener implements TcpListener {
        private void signal() {
            synchronized (lock) {
                events++;
                lock.notifyAll();
            }
        }

        @Override
        public void onConnected(TcpSocket s) {
            synchronized (lock) {
                connected = true;
            }
            signal();
        }

        @Override
        public void onReadable(TcpSocket s) {
            signal();
        }

        @Override
        public void onWritable(TcpSocket s) {
            signal();
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            synchronized (lock) {
                closed = reason;
            }
            signal();
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (true) {
                long seen = snapshot();
                int n = onLoop(() -> socket.read(b, off, len));
                if (n != 0) return n;
                synchronized (lock) {
                    if (closed != null && closed != CloseReason.NORMAL) throw new IOException("connection " + closed);
                }
                awaitEventAfter(seen);
            }
        }

        @Override
        public int available() throws IOException {
            return onLoop(() -> socket.available());
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                long seen = snapshot();
                final int o = off, l = len;
                int n = onLoop(() -> socket.write(b, o, l));
                if (n < 0) throw new IOException("socket closed for writing");
                off += n;
                len -= n;
                if (len > 0 && n == 0) {
                    synchronized (lock) {
                        if (closed != null) throw new IOException("connection " + closed);
                    }
                    awaitEventAfter(seen);
                }
            }
        }

        @Override
        public void close() {
            shutdownOutput();
        }
    }
}
