package dev.tabnet.jvm;

import dev.tabnet.core.control.EarlyPayload;
import dev.tabnet.core.control.noise.NoiseConn;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * The decrypted duplex byte stream of one client-side ts2021 connection, as blocking JVM streams
 * (for an HTTP/2 client on top). Network bytes come in through {@link #fromNetwork} (from whichever
 * transport {@link Ts2021Dialer} opened); the first plaintext bytes pass the early-payload peek, so
 * {@link #input()} starts with HTTP/2. One lock guards the single-threaded core.
 */
public final class Ts2021Stream implements AutoCloseable {
    /** Where encrypted bytes go (a WebSocket or an upgraded socket). */
    interface NetworkSink {
        void send(byte[] bytes) throws IOException;

        void close();
    }

    private final NoiseConn noise;
    private final EarlyPayload.Filter early = new EarlyPayload.Filter();
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> readable = new ArrayDeque<>();
    private byte[] head;
    private int headOff;
    private NetworkSink sink;
    private final java.io.ByteArrayOutputStream unsent = new java.io.ByteArrayOutputStream(); // before attach
    private boolean networkClosed;
    private String failure;
    private boolean closed;

    private final InputStream in = new In();
    private final OutputStream out = new Out();

    Ts2021Stream(NoiseConn noise) {
        this.noise = noise;
    }

    void attach(NetworkSink sink) {
        synchronized (lock) {
            this.sink = sink;
            if (unsent.size() > 0) {
                byte[] b = unsent.toByteArray();
                unsent.reset();
                sendLocked(b);
            }
        }
    }

    /** Feeds encrypted bytes from the network. */
    void fromNetwork(byte[] b, int off, int len) {
        synchronized (lock) {
            if (closed) return;
            noise.receive(b, off, len, System.nanoTime());
            byte[] plain = noise.takePlaintext();
            if (plain.length > 0) {
                byte[] pass = early.feed(plain, 0, plain.length);
                if (early.error() != null) failure = early.error();
                if (pass.length > 0) readable.add(pass);
            }
            if (noise.state() == NoiseConn.State.FAILED) failure = noise.errorMessage();
            byte[] toSend = noise.takeOutbound(); // writes queued before the handshake ended
            if (toSend.length > 0) sendLocked(toSend);
            lock.notifyAll();
        }
    }

    void networkClosed(String reason) {
        synchronized (lock) {
            networkClosed = true;
            if (noise.state() == NoiseConn.State.HANDSHAKING && failure == null) failure = "connection closed during handshake: " + reason;
            lock.notifyAll();
        }
    }

    /** Blocks until the handshake is done; throws with the reason if it failed or timed out. */
    void awaitEstablished(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (lock) {
            while (noise.state() == NoiseConn.State.HANDSHAKING && failure == null && !networkClosed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            if (noise.state() != NoiseConn.State.ESTABLISHED) {
                String why = failure != null ? failure : noise.errorMessage() != null ? noise.errorMessage() : "handshake timed out";
                throw new IOException("ts2021 handshake failed: " + why);
            }
        }
    }

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    /** The server's early payload JSON (HTTP upgrade path), or null. Known once the first bytes arrived. */
    public byte[] earlyPayload() {
        synchronized (lock) {
            return early.payload();
        }
    }

    public byte[] handshakeHash() {
        synchronized (lock) {
            return noise.handshakeHash();
        }
    }

    public int protocolVersion() {
        return noise.protocolVersion();
    }

    @Override
    public void close() {
        NetworkSink s;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            s = sink;
            lock.notifyAll();
        }
        if (s != null) s.close();
    }

    /** Records leave in nonce order, so every send happens under the lock. */
    private void sendLocked(byte[] bytes) {
        if (sink == null) {
            unsent.writeBytes(bytes);
            return;
        }
        try {
            sink.send(bytes);
        } catch (IOException e) {
            failure = "network write failed: " + e.getMessage();
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
            synchronized (lock) {
                while (true) {
                    if (head == null) {
                        head = readable.poll();
                        headOff = 0;
                    }
                    if (head != null) {
                        int n = Math.min(len, head.length - headOff);
                        System.arraycopy(head, headOff, b, off, n);
                        headOff += n;
                        if (headOff == head.length) head = null;
                        return n;
                    }
                    if (failure != null) throw new IOException("ts2021: " + failure);
                    if (closed || networkClosed) return -1;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
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
            NetworkSink s;
            byte[] wire;
            synchronized (lock) {
                if (closed) throw new IOException("ts2021 stream closed");
                if (failure != null) throw new IOException("ts2021: " + failure);
                noise.send(b, off, len);
                if (noise.state() == NoiseConn.State.FAILED) throw new IOException("ts2021: " + noise.errorMessage());
                wire = noise.takeOutbound();
                s = sink;
                // Send under the lock: records must leave in the order their nonces were assigned.
                if (wire.length > 0 && s != null) s.send(wire);
            }
        }
    }
}
