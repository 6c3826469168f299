package dev.tabnet.core.control;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.noise.NoiseConn;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Connection;
import dev.tabnet.core.http2.Http2ConnectionListener;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import java.util.List;

/**
 * The client's whole ts2021 channel, sans-I/O: Noise ({@link NoiseConn}) carrying the byte stream,
 * the early-payload peek ({@link EarlyPayload.Filter}), and HTTP/2 with prior knowledge
 * ({@link Http2Connection}) on top — what {@code control/ts2021} does in the Go client. An adapter
 * only moves bytes: it puts {@link #initiationMessage} into the WebSocket URL or upgrade header,
 * feeds {@link #onNetworkBytes}, and sends {@link #takeNetworkOutput}. Requests may be started at
 * once; they leave when the handshake is done.
 *
 * <p>Nothing throws on bad input: the first failure (Noise, early payload, or an HTTP/2 connection
 * error) moves the channel to {@link State#CLOSED} with {@link #failure()} saying why; open streams
 * are reset through their listeners.
 */
public final class ControlConnection {
    public enum State { HANDSHAKING, OPEN, CLOSED }

    private final NoiseConn noise;
    private final Http2Connection http2;
    private final EarlyPayload.Filter early = new EarlyPayload.Filter();
    private String failure;
    private boolean closed;
    private int depth; // > 0 while inside an HTTP/2 callback: output is moved once it returns

    private ControlConnection(NoiseConn noise, Http2Config config, Http2ConnectionListener listener) {
        this.noise = noise;
        Http2ConnectionListener inner = new Http2ConnectionListener() {
            @Override
            public void onSettings(dev.tabnet.core.http2.Settings peer) {
                if (listener != null) listener.onSettings(peer);
            }

            @Override
            public void onPingAck(long payload) {
                if (listener != null) listener.onPingAck(payload);
            }

            @Override
            public void onGoAway(int lastStreamId, int errorCode, byte[] debugData) {
                if (listener != null) listener.onGoAway(lastStreamId, errorCode, debugData);
            }

            @Override
            public void onClosed(int errorCode, String reason) {
                closed = true;
                if (failure == null && errorCode != 0) failure = "HTTP/2: " + reason;
                if (listener != null) listener.onClosed(errorCode, reason);
            }
        };
        this.http2 = new Http2Connection(config, inner);
        moveHttp2Output();
    }

    /**
     * A channel to the control server whose Noise key is {@code controlPublic}, as machine
     * {@code machine}, offering capability version {@code capVersion} (it is also the Noise
     * protocol version). {@code config.authority} should be the control host, as Go sends it.
     */
    public static ControlConnection open(MachineKey machine, byte[] controlPublic, int capVersion, Http2Config config,
                                         Http2ConnectionListener listener, Entropy entropy, long nowNanos) {
        NoiseConn noise = NoiseConn.client(machine.privateKey(), controlPublic, capVersion, entropy, nowNanos);
        ControlConnection c = new ControlConnection(noise, config, listener);
        if (noise.state() == NoiseConn.State.FAILED) c.fail(noise.errorMessage());
        return c;
    }

    /** The 101-byte Noise initiation: the X-Tailscale-Handshake value (base64) of the WebSocket URL or upgrade request. */
    public byte[] initiationMessage() {
        return noise.initiationMessage();
    }

    /** Starts an HTTP/2 request (see {@link Http2Connection#request}); the path is e.g. "/machine/register". */
    public Http2Stream request(String method, String path, List<HeaderField> headers, byte[] body, Http2StreamListener listener) {
        depth++;
        Http2Stream s;
        try {
            s = http2.request(method, path, headers, body, true, listener);
        } finally {
            depth--;
        }
        moveHttp2Output();
        return s;
    }

    /** Bytes from the transport, split anywhere. */
    public void onNetworkBytes(byte[] b, int off, int len, long nowNanos) {
        if (state() == State.CLOSED) return;
        noise.receive(b, off, len, nowNanos);
        if (noise.state() == NoiseConn.State.FAILED) {
            fail(noise.errorMessage());
            return;
        }
        byte[] plain = noise.takePlaintext();
        if (plain.length == 0) {
            moveHttp2Output(); // requests made before the handshake can leave now
            return;
        }
        byte[] pass = early.feed(plain, 0, plain.length);
        if (early.error() != null) {
            fail(early.error());
            return;
        }
        if (pass.length > 0) {
            depth++;
            try {
                http2.onBytes(pass, 0, pass.length);
            } finally {
                depth--;
            }
        }
        moveHttp2Output();
    }

    /** Checks the handshake deadline. */
    public void poll(long nowNanos) {
        noise.poll(nowNanos);
        if (noise.state() == NoiseConn.State.FAILED) fail(noise.errorMessage());
    }

    public long nextDeadline() {
        return noise.nextDeadline();
    }

    /** Encrypted bytes for the transport, at most {@code maxBytes} (e.g. {@link NoiseConn#MAX_WEBSOCKET_MESSAGE}). */
    public byte[] takeNetworkOutput(int maxBytes) {
        moveHttp2Output();
        return noise.takeOutbound(maxBytes);
    }

    public boolean hasNetworkOutput() {
        moveHttp2Output();
        return noise.hasOutbound();
    }

    /** The transport closed (or failed): all streams are reset. */
    public void onTransportClosed() {
        if (failure == null && !closed) failure = "transport closed";
        depth++;
        try {
            http2.onTransportClosed();
        } finally {
            depth--;
        }
        closed = true;
    }

    /** Graceful end: GOAWAY, then the channel closes when the open streams are done. */
    public void close() {
        http2.close();
        moveHttp2Output();
    }

    public State state() {
        if (closed || failure != null) return State.CLOSED;
        return noise.state() == NoiseConn.State.ESTABLISHED ? State.OPEN : State.HANDSHAKING;
    }

    /** Why the channel closed abnormally, or null. */
    public String failure() {
        return failure;
    }

    /** The server's early payload JSON (HTTP upgrade path only), or null. */
    public byte[] earlyPayload() {
        return early.payload();
    }

    public byte[] handshakeHash() {
        return noise.handshakeHash();
    }

    public Http2Connection http2() {
        return http2;
    }

    private void moveHttp2Output() {
        if (depth > 0 || noise.state() == NoiseConn.State.FAILED) return;
        while (http2.hasOutput()) {
            byte[] b = http2.takeOutput();
            noise.send(b, 0, b.length);
        }
    }

    private void fail(String why) {
        if (failure == null) failure = why;
        if (!closed) {
            closed = true;
            depth++;
            try {
                http2.onTransportClosed();
            } finally {
                depth--;
            }
        }
    }
}
