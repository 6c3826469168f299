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
 * Blocking {@link InputStream}/{@link OutputStream} over a non-blocking core {@link TcpSocket} that
 * lives on the driver's loop thread.
 *
 * <p>Each direction costs at most one thread hand-off, because on a small VM every wake-up can cost
 * up to milliseconds (issue 9: keystroke echo latency). Inbound, the loop drains the core socket
 * into a bounded buffer as soon as data arrives and the reader only waits when that buffer is
 * empty. Outbound, a write copies into a bounded pending buffer and posts one task to the loop
 * without waiting for it; the loop hands the bytes to the core socket, continuing on
 * {@code onWritable}. Both buffers are bounded: a full inbound buffer stops draining, so the core
 * receive queue fills and the TCP window closes; a full pending buffer blocks the writer.
 *
 * <p>Both rings are single-producer/single-consumer: the loop thread does the socket I/O outside
 * the lock on the region the other thread is not touching, and the indices change under the lock.
 */
public final class BlockingTcpSocket implements AutoCloseable {
    static final int INBOUND_BYTES = 256 * 1024;
    static final int PENDING_BYTES = 128 * 1024;

    private final NetStackDriver driver;
    private volatile TcpSocket socket;
    private final Object lock = new Object();
    private boolean connected;
    private CloseReason closed;

    // Inbound ring: filled by the loop, emptied by the reader.
    private final byte[] inBuf = new byte[INBOUND_BYTES];
    private int inHead, inCount;
    private boolean inEof;
    private boolean inStalled; // draining stopped because the ring was full; the reader restarts it

    // Outbound ring: filled by the writer, emptied by the loop.
    private final byte[] outBuf = new byte[PENDING_BYTES];
    private int outHead, outCount;
    private boolean handOverScheduled; // a hand-over task is queued, running, or waiting for onWritable
    private boolean finPending; // shutdownOutput asked for while bytes were still pending
    private boolean outShut; // shutdownOutput/close was called
    private boolean outFailed; // the core socket refused writes (closed)

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

    /** Half-close: sends FIN after the bytes already written (pending ones included); reading continues. */
    public void shutdownOutput() {
        synchronized (lock) {
            if (outShut) return;
            outShut = true;
            if (handOverScheduled) { // the hand-over task sends the FIN once pending is handed over
                finPending = true;
                return;
            }
        }
        TcpSocket s = socket;
        driver.execute(s::shutdownOutput);
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

    /** Graceful close (the core's close is a FIN after queued data), so it follows pending bytes too. */
    @Override
    public void close() {
        shutdownOutput();
    }

    /** Sends RST and discards everything, pending bytes included. */
    public void abort() {
        TcpSocket s = socket;
        driver.execute(s::abort);
    }

    /**
     * Loop thread: moves what the core socket has into the inbound ring until it is full. The copy
     * runs outside the lock and is published (with the wake-up) once at the end, so the woken
     * reader does not find this thread still holding the lock.
     */
    private void drain(TcpSocket s) {
        while (true) {
            int tail, room;
            synchronized (lock) {
                if (inEof) return;
                if (inCount == INBOUND_BYTES) {
                    inStalled = true;
                    return;
                }
                tail = (inHead + inCount) % INBOUND_BYTES;
                room = INBOUND_BYTES - inCount; // only the reader frees space meanwhile
            }
            int got = 0, n = 0;
            while (got < room) {
                int at = (tail + got) % INBOUND_BYTES;
                n = s.read(inBuf, at, Math.min(room - got, INBOUND_BYTES - at));
                if (n <= 0) break;
                got += n;
            }
            synchronized (lock) {
                inCount += got;
                if (n < 0) inEof = true;
                if (got > 0 || n < 0) lock.notifyAll();
            }
            if (got < room) return; // the core socket is empty (or at EOF)
        }
    }

    /** Loop thread: hands pending bytes to the core socket; then the FIN if one was asked for. */
    private void handOver(TcpSocket s) {
        int head, count;
        synchronized (lock) {
            head = outHead;
            count = outCount;
        }
        while (true) {
            int sent = 0, n = 0;
            while (sent < count) {
                int at = (head + sent) % PENDING_BYTES;
                n = s.write(outBuf, at, Math.min(count - sent, PENDING_BYTES - at));
                if (n <= 0) break;
                sent += n;
            }
            boolean fin;
            synchronized (lock) {
                if (n < 0) {
                    outFailed = true;
                    outCount = 0;
                } else {
                    outHead = (head + sent) % PENDING_BYTES;
                    outCount -= sent;
                }
                if (sent > 0 || n < 0) lock.notifyAll(); // a writer waits only while the ring is full
                if (n == 0 && sent < count) return; // core send buffer full: onWritable resumes
                if (outCount > 0) { // the writer added more meanwhile
                    head = outHead;
                    count = outCount;
                    continue;
                }
                handOverScheduled = false;
                fin = finPending;
                finPending = false;
            }
            if (fin) s.shutdownOutput();
            return;
        }
    }

    private static InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException();
    }

    private final class Listener implements TcpListener {
        @Override
        public void onConnected(TcpSocket s) {
            synchronized (lock) {
                connected = true;
                lock.notifyAll();
            }
        }

        @Override
        public void onReadable(TcpSocket s) {
            drain(s);
        }

        @Override
        public void onWritable(TcpSocket s) {
            handOver(s);
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            drain(s); // whatever is still readable stays readable
            synchronized (lock) {
                closed = reason;
                if (reason == CloseReason.NORMAL && !inStalled) inEof = true;
                outCount = 0; // nothing more can be sent
                lock.notifyAll();
            }
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
            int n;
            boolean restart;
            synchronized (lock) {
                while (inCount == 0) {
                    if (inEof) return -1;
                    if (closed != null && closed != CloseReason.NORMAL) throw new IOException("connection " + closed);
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw interrupted();
                    }
                }
                n = Math.min(len, Math.min(inCount, INBOUND_BYTES - inHead));
                System.arraycopy(inBuf, inHead, b, off, n);
                inHead = (inHead + n) % INBOUND_BYTES;
                inCount -= n;
                // Restart draining once half is free, not per byte, so a slow reader costs few hand-offs.
                restart = inStalled && inCount <= INBOUND_BYTES / 2;
                if (restart) inStalled = false;
            }
            if (restart) {
                TcpSocket s = socket;
                driver.execute(() -> drain(s));
            }
            return n;
        }

        @Override
        public int available() {
            synchronized (lock) {
                return inCount;
            }
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
                int n;
                boolean schedule;
                synchronized (lock) {
                    while (outCount == PENDING_BYTES && closed == null && !outFailed) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            throw interrupted();
                        }
                    }
                    if (outShut || outFailed) throw new IOException("socket closed for writing");
                    if (closed != null) throw new IOException("connection " + closed);
                    int tail = (outHead + outCount) % PENDING_BYTES;
                    n = Math.min(len, Math.min(PENDING_BYTES - outCount, PENDING_BYTES - tail));
                    System.arraycopy(b, off, outBuf, tail, n);
                    outCount += n;
                    schedule = !handOverScheduled;
                    handOverScheduled = true;
                }
                if (schedule) {
                    TcpSocket s = socket;
                    driver.execute(() -> handOver(s));
                }
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            shutdownOutput();
        }
    }
}
