package dev.tabnet.server.control;

import dev.tabnet.core.control.noise.NoiseConn;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins one server-side ts2021 {@link NoiseConn} to the network transport (WebSocket or upgraded
 * HTTP/1.1 connection) on one side and to an in-memory HTTP/2 connection of {@link NoiseHttp2Server}
 * on the other. The core is single-threaded, so every call into it holds this object's lock; writes
 * leave through {@link SerialWriter}s, in the order the core produced them.
 */
final class NoiseBridge {
    private static final Logger LOG = LoggerFactory.getLogger(NoiseBridge.class);
    /**
     * Bytes may queue toward Jetty's HTTP/2 side or toward the network only as far as HTTP/2 flow
     * control lets a well-behaved peer get ahead (Jetty's receive windows are 1 MiB per session);
     * beyond these limits the peer is ignoring flow control or not reading, and is cut off.
     */
    static final long MAX_QUEUED_TO_HTTP2 = 8L << 20;
    static final long MAX_QUEUED_TO_NETWORK = 16L << 20;

    /** How the bridge talks to the network side. */
    interface Transport {
        /** Starts writing bytes to the peer; calls done with null or the failure. */
        void write(ByteBuffer bytes, Consumer<Throwable> done);

        /** Closes the network side (after pending writes), with a reason for logs / close frames. */
        void close(String reason);

        String name();

        /** The peer's address as text, for the operator's view of who is logging in. */
        String remoteAddress();

        /** User-Agent of the request that opened this connection (the browser's, for a tab). */
        String userAgent();
    }

    private final NoiseConn noise;
    private final NoiseHttp2Server http2;
    private final Transport transport;
    private final SerialWriter toNetwork;
    private final EarlyPayloadWriter early;
    private EndPoint http2End;
    private SerialWriter toHttp2;
    private boolean closed;
    private final SessionEnds ends = new SessionEnds();

    /** Writes the optional early payload right after the handshake response (HTTP upgrade path only). */
    interface EarlyPayloadWriter {
        byte[] earlyPayload(int protocolVersion);
    }

    NoiseBridge(NoiseConn noise, NoiseHttp2Server http2, Transport transport, EarlyPayloadWriter early) {
        this.noise = noise;
        this.http2 = http2;
        this.transport = transport;
        this.early = early;
        this.toNetwork = new SerialWriter(transport::write, f -> close("network write failed: " + f));
    }

    /** After the initiation was given to the NoiseConn: send the response and open HTTP/2. */
    synchronized void start() {
        if (noise.state() != NoiseConn.State.ESTABLISHED) {
            // Error message (if any) goes out first, then the transport closes.
            toNetwork.write(noise.takeOutbound());
            String why = "ts2021 handshake refused: " + noise.errorMessage();
            LOG.info("{} {}", transport.name(), why);
            toNetwork.whenDrained(() -> close(why));
            return;
        }
        if (early != null) {
            byte[] p = early.earlyPayload(noise.protocolVersion());
            if (p != null) noise.send(p);
        }
        // Response and early payload leave in one write, like controlhttpserver's corked conn.
        toNetwork.write(noise.takeOutbound());
        ControlSession session = new ControlSession(noise.peerStatic(), noise.protocolVersion(), noise.handshakeHash(),
                transport.name(), transport.remoteAddress(), transport.userAgent(), ends);
        http2End = http2.connect(session);
        toHttp2 = new SerialWriter(this::writeHttp2, f -> close("HTTP/2 side write failed: " + f));
        readHttp2();
    }

    /**
     * Bytes from the network peer. Transports deliver one connection's bytes sequentially, so the
     * plaintext can be handed to HTTP/2 after the lock is released: Jetty may run the HTTP/2 side
     * (and its handlers, which may block, e.g. a long poll) on this very thread.
     */
    void fromNetwork(byte[] b, int off, int len) {
        byte[] plain;
        String failure = null;
        SerialWriter http2Writer;
        synchronized (this) {
            if (closed) return;
            noise.receive(b, off, len, System.nanoTime());
            toNetwork.write(noise.takeOutbound());
            plain = noise.takePlaintext();
            http2Writer = toHttp2;
            if (noise.state() == NoiseConn.State.FAILED) failure = "ts2021 connection failed: " + noise.errorMessage();
        }
        if (plain.length > 0 && http2Writer != null) {
            http2Writer.write(plain);
            if (failure == null && http2Writer.queuedBytes() > MAX_QUEUED_TO_HTTP2) failure = "peer is sending faster than HTTP/2 flow control allows";
        }
        if (failure == null && toNetwork.queuedBytes() > MAX_QUEUED_TO_NETWORK) failure = "peer is not reading";
        if (failure != null) {
            LOG.info("{} {}", transport.name(), failure);
            close(failure);
        }
    }

    /** The network side ended. */
    void networkClosed(String reason) {
        close(reason);
    }

    /**
     * Jetty may run HTTP/2 handlers on the thread that writes into the connection, and a handler may
     * block; so writes go through the HTTP/2 server's executor, and network threads never wait on it.
     */
    private void writeHttp2(ByteBuffer buffer, Consumer<Throwable> done) {
        http2.executor().execute(() -> http2End.write(Callback.from(() -> done.accept(null), done::accept), buffer));
    }

    private void readHttp2() {
        http2End.fillInterested(Callback.from(this::drainHttp2, failure -> close("HTTP/2 side: " + failure)));
    }

    /** Encrypts everything Jetty's HTTP/2 connection wrote for the peer. */
    private void drainHttp2() {
        ByteBuffer buf = BufferUtil.allocate(16 * 1024);
        try {
            while (true) {
                BufferUtil.clear(buf); // Jetty fills a buffer in flush mode, appending after its limit
                int n = http2End.fill(buf);
                if (n > 0) {
                    byte[] chunk = new byte[buf.remaining()];
                    buf.get(chunk);
                    synchronized (this) {
                        if (closed) return;
                        noise.send(chunk);
                        toNetwork.write(noise.takeOutbound());
                    }
                    if (toNetwork.queuedBytes() > MAX_QUEUED_TO_NETWORK) {
                        close("peer is not reading");
                        return;
                    }
                } else if (n == 0) {
                    readHttp2();
                    return;
                } else {
                    toNetwork.whenDrained(() -> close("HTTP/2 connection closed"));
                    return;
                }
            }
        } catch (Exception e) {
            close("HTTP/2 side read failed: " + e);
        }
    }

    void close(String reason) {
        EndPoint end;
        synchronized (this) {
            if (closed) return;
            closed = true;
            end = http2End;
        }
        LOG.debug("{} closing: {}", transport.name(), reason);
        if (end != null) end.close();
        ends.end();
        http2.forgetClosed();
        transport.close(reason);
    }
}
