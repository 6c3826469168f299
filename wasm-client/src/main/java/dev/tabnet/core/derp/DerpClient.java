package dev.tabnet.core.derp;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.ChunkQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A DERP client, sans-I/O, including its reconnect policy. The adapter owns one byte-stream
 * transport at a time (a WebSocket, or a socket after {@code GET /derp} with {@code Upgrade: DERP})
 * and follows this loop:
 * <pre>
 *   long id = client.pollDial(now);            // non-zero: open a transport, remember id
 *   client.onTransportOpen(id, now);           // when it is open
 *   client.onTransportData(id, bytes, now);    // every message / read, any split
 *   client.onTransportClosed(id, why, now);    // when it closes or fails
 *   byte[] out = client.pollOutgoing();        // send each chunk (one WebSocket message each)
 *   long bad = client.pollCloseTransport();    // non-zero: close that transport
 *   client.onTimer(now) at client.nextDeadline()
 * </pre>
 * Events for a transport id that is no longer current are ignored, so the adapter need not worry
 * about stragglers from a connection it has given up on.
 *
 * <p>Packets sent while disconnected are queued (bounded, oldest dropped first) and written right
 * after the next ClientInfo, so the TCP sessions above see a pause, not a reset. The Go client may
 * send before ServerInfo arrives; so do we.
 */
public final class DerpClient {
    public enum State {
        /** Waiting for the backoff timer before the next dial. */
        BACKOFF,
        /** pollDial will hand out a transport id. */
        DIAL_PENDING,
        /** The adapter is opening the transport. */
        DIALING,
        /** Transport open, waiting for the ServerKey frame. */
        AWAIT_SERVER_KEY,
        /** ClientInfo sent; packets flow; waiting for ServerInfo. */
        LOGGED_IN,
        /** ServerInfo received. */
        READY,
        CLOSED
    }

    private final byte[] privateKey;
    private final byte[] publicKey;
    private final Entropy entropy;
    private final DerpClientConfig config;
    private final DerpClientListener listener;
    private final Backoff backoff;
    private final FrameReader reader = FrameReader.withMaxBody(DerpConstants.CLIENT_MAX_FRAME_LEN);
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingBytes;
    private final ChunkQueue out = new ChunkQueue();

    private State state = State.DIAL_PENDING;
    private long transportId;
    private long nextTransportId = 1;
    private long closeRequest;
    private long connectDeadline = Clock.NEVER;
    private long backoffUntil = Clock.NEVER;
    private long lastReceive;
    private byte[] serverKey;
    private byte[] sharedKey;
    /** The server key sharedKey was computed for: a redial to the same server reuses it (one DH fewer per login). */
    private byte[] sharedKeyServer;
    private TokenBucket sendLimit;
    private boolean preferred;
    private String health = "";
    private long restartReconnectInNanos = -1;
    private long restartTryUntil = Long.MIN_VALUE;
    private String lastError = "";

    private long packetsSent;
    private long packetsReceived;
    private long droppedWhileDisconnected;
    private long droppedRateLimited;
    private long droppedTooBig;
    private long droppedShortFrames;
    private long logins;
    private long internalErrors;

    public DerpClient(byte[] nodePrivateKey, Entropy entropy, DerpClientConfig config, DerpClientListener listener) {
        this.privateKey = nodePrivateKey.clone();
        this.publicKey = X25519.publicKey(nodePrivateKey);
        this.entropy = entropy;
        this.config = config;
        this.listener = listener;
        this.backoff = new Backoff(entropy, config.maxBackoffNanos);
        this.preferred = config.preferred;
        reader.splitKeyOf(FrameType.RECV_PACKET);
    }

    // ---- adapter side ----

    /** Non-zero when the adapter should open a new transport now; the id tags its events. */
    public long pollDial(long nowNanos) {
        if (state != State.DIAL_PENDING) return 0;
        transportId = nextTransportId++;
        state = State.DIALING;
        connectDeadline = nowNanos + config.connectTimeoutNanos;
        reader.clear();
        reader.setLimit(type -> DerpConstants.CLIENT_MAX_FRAME_LEN);
        return transportId;
    }

    public void onTransportOpen(long id, long nowNanos) {
        if (id != transportId || state != State.DIALING) return;
        state = State.AWAIT_SERVER_KEY;
        lastReceive = nowNanos;
        // ServerKey is read with a 1 KiB limit, as the Go client does.
        reader.setLimit(type -> type == FrameType.SERVER_KEY ? DerpConstants.SERVER_KEY_MAX_LEN : DerpConstants.CLIENT_MAX_FRAME_LEN);
    }

    public void onTransportData(long id, byte[] data, int off, int len, long nowNanos) {
        if (id != transportId || !isOpenState()) return;
        lastReceive = nowNanos;
        reader.feed(data, off, len);
        try {
            Frame f;
            while (isOpenState() && id == transportId && (f = reader.next()) != null) handle(f, nowNanos);
        } catch (DerpProtocolException e) {
            fail(e.getMessage(), nowNanos);
        } catch (RuntimeException e) {
            // A bug (ours or a listener's) must not escape into the adapter's event loop.
            internalErrors++;
            fail("internal error: " + e, nowNanos);
        }
    }

    public void onTransportData(long id, byte[] data, long nowNanos) {
        onTransportData(id, data, 0, data.length, nowNanos);
    }

    public void onTransportClosed(long id, String reason, long nowNanos) {
        if (id != transportId || !(state == State.DIALING || isOpenState())) return;
        fail("transport closed: " + reason, nowNanos);
    }

    /**
     * The next chunk of bytes to write (one WebSocket message), or null. Chunks are at most
     * maxChunkBytes and may end inside a frame: the stream is what counts, and Tailscale's Go
     * WebSocket peers refuse messages over 32 KiB (coder/websocket's default read limit).
     */
    public byte[] pollOutgoing() {
        return out.take(config.maxChunkBytes);
    }

    /** Non-zero: the id of a transport the client has given up on; the adapter should close it. */
    public long pollCloseTransport() {
        long id = closeRequest;
        closeRequest = 0;
        return id;
    }

    public void onTimer(long nowNanos) {
        switch (state) {
            case BACKOFF:
                if (nowNanos >= backoffUntil) {
                    state = State.DIAL_PENDING;
                    backoffUntil = Clock.NEVER;
                }
                break;
            case DIALING:
            case AWAIT_SERVER_KEY:
                if (nowNanos >= connectDeadline) fail("connect timed out", nowNanos);
                break;
            case LOGGED_IN:
            case READY:
                if (nowNanos - lastReceive >= config.readTimeoutNanos) fail("no frame from the server for " + (config.readTimeoutNanos / 1_000_000_000L) + " s", nowNanos);
                break;
            default:
                break;
        }
    }

    /** When onTimer must next be called (Clock.NEVER if not); Long.MIN_VALUE means "now". */
    public long nextDeadline() {
        switch (state) {
            case DIAL_PENDING: return Long.MIN_VALUE;
            case BACKOFF: return backoffUntil;
            case DIALING:
            case AWAIT_SERVER_KEY: return connectDeadline;
            case LOGGED_IN:
            case READY: return lastReceive + config.readTimeoutNanos;
            default: return Clock.NEVER;
        }
    }

    // ---- user side ----

    /**
     * Sends a packet to a node key; queued while disconnected. Returns false when the packet was
     * dropped (too big, rate-limited, client closed).
     */
    public boolean send(byte[] dstKey, byte[] packet, int off, int len, long nowNanos) {
        if (dstKey.length != DerpConstants.KEY_LEN) throw new IllegalArgumentException("destination key must be 32 bytes");
        if (len > DerpConstants.MAX_PACKET_SIZE) {
            droppedTooBig++;
            return false;
        }
        if (state == State.CLOSED) return false;
        byte[] frame = Frames.packet(FrameType.SEND_PACKET, dstKey, packet, off, len);
        if (state == State.LOGGED_IN || state == State.READY) return writePacket(frame, nowNanos);
        pending.add(frame);
        pendingBytes += frame.length;
        trimPending();
        return true;
    }

    private void trimPending() {
        while (pending.size() > config.maxQueuedPackets || pendingBytes > config.maxQueuedBytes) {
            pendingBytes -= pending.poll().length;
            droppedWhileDisconnected++;
        }
    }

    public boolean send(byte[] dstKey, byte[] packet, long nowNanos) {
        return send(dstKey, packet, 0, packet.length, nowNanos);
    }

    /** Sends a Ping (8 bytes) if logged in; the answer arrives as onPong. */
    public boolean sendPing(byte[] data8) {
        if (state != State.LOGGED_IN && state != State.READY) return false;
        out.add(Frames.ping(data8));
        return true;
    }

    /** Whether this server is our home DERP; remembered and re-sent after reconnects. */
    public void notePreferred(boolean p) {
        preferred = p;
        if (state == State.LOGGED_IN || state == State.READY) out.add(Frames.notePreferred(p));
    }

    /** Stops for good: closes the transport and drops queued packets. */
    public void close() {
        if (state == State.CLOSED) return;
        if (state == State.DIALING || isOpenState()) closeRequest = transportId;
        state = State.CLOSED;
        pending.clear();
        pendingBytes = 0;
        out.clear();
    }

    // ---- protocol ----

    private void handle(Frame f, long nowNanos) throws DerpProtocolException {
        if (state == State.AWAIT_SERVER_KEY) {
            handleServerKey(f);
            return;
        }
        byte[] b = f.body;
        switch (f.type) {
            case FrameType.SERVER_INFO: {
                ServerInfo info = ServerInfo.open(sharedKey, b);
                sendLimit = info.tokenBucketBytesPerSecond == 0 ? null
                        : new TokenBucket(info.tokenBucketBytesPerSecond, Math.max(1, info.tokenBucketBytesBurst));
                if (state == State.LOGGED_IN) {
                    state = State.READY;
                    backoff.reset();
                    logins++;
                    restartTryUntil = Long.MIN_VALUE;
                    listener.onConnected(info, nowNanos);
                }
                break;
            }
            case FrameType.RECV_PACKET:
                if (f.key == null) { // the reader splits RecvPacket bodies: shorter than a key
                    droppedShortFrames++;
                    break;
                }
                packetsReceived++;
                listener.onPacket(f.key, b, nowNanos);
                break;
            case FrameType.KEEP_ALIVE:
                break;
            case FrameType.PEER_GONE:
                if (b.length < DerpConstants.KEY_LEN) {
                    droppedShortFrames++;
                    break;
                }
                listener.onPeerGone(NodeKey.of(b, 0), b.length > DerpConstants.KEY_LEN ? b[DerpConstants.KEY_LEN] & 0xff : DerpConstants.PEER_GONE_REASON_DISCONNECTED);
                break;
            case FrameType.PEER_PRESENT:
                handlePeerPresent(b);
                break;
            case FrameType.PING:
                if (b.length < DerpConstants.PING_LEN) {
                    droppedShortFrames++;
                    break;
                }
                out.add(Frames.pong(Bytes.slice(b, 0, DerpConstants.PING_LEN)));
                break;
            case FrameType.PONG:
                if (b.length < DerpConstants.PING_LEN) {
                    droppedShortFrames++;
                    break;
                }
                listener.onPong(Bytes.slice(b, 0, DerpConstants.PING_LEN));
                break;
            case FrameType.HEALTH:
                health = new String(b, StandardCharsets.UTF_8);
                listener.onHealth(health);
                break;
            case FrameType.RESTARTING: {
                if (b.length < 8) {
                    droppedShortFrames++;
                    break;
                }
                long reconnectIn = Bytes.u32be(b, 0), tryFor = Bytes.u32be(b, 4);
                restartReconnectInNanos = reconnectIn * 1_000_000L;
                restartTryUntil = nowNanos + tryFor * 1_000_000L;
                listener.onRestarting(reconnectIn, tryFor);
                break;
            }
            default:
                break; // unknown (and a late ServerKey): skipped, as the Go client does
        }
    }

    private void handleServerKey(Frame f) throws DerpProtocolException {
        byte[] b = f.body;
        if (f.type != FrameType.SERVER_KEY || b.length < DerpConstants.SERVER_KEY_MIN_LEN
                || !Bytes.constantTimeEquals(b, 0, DerpConstants.MAGIC, 0, DerpConstants.MAGIC.length)) {
            throw new DerpProtocolException("invalid server greeting (" + f + ")");
        }
        serverKey = Bytes.slice(b, DerpConstants.MAGIC.length, DerpConstants.KEY_LEN);
        byte[] body;
        try {
            if (sharedKeyServer == null || !Bytes.constantTimeEquals(sharedKeyServer, serverKey)) {
                sharedKey = NaclBox.precompute(privateKey, serverKey);
                sharedKeyServer = serverKey;
            }
            body = ClientInfo.standard(config.appName).seal(sharedKey, publicKey, entropy);
        } catch (CryptoException e) {
            throw new DerpProtocolException("unusable server key: " + e.getMessage());
        }
        reader.setLimit(type -> DerpConstants.CLIENT_MAX_FRAME_LEN);
        out.add(Frames.frame(FrameType.CLIENT_INFO, body));
        state = State.LOGGED_IN;
        connectDeadline = Clock.NEVER;
        if (preferred) out.add(Frames.notePreferred(true));
        // Resume delivery: everything queued while we were away goes out now, in order.
        long now = lastReceive;
        while (!pending.isEmpty()) writePacket(pending.poll(), now);
        pendingBytes = 0;
    }

    private void handlePeerPresent(byte[] b) {
        if (b.length < DerpConstants.KEY_LEN) {
            droppedShortFrames++;
            return;
        }
        NodeKey k = NodeKey.of(b, 0);
        if (b.length < DerpConstants.KEY_LEN + 18) {
            listener.onPeerPresent(k, null, -1, 0);
            return;
        }
        byte[] ip = Bytes.slice(b, DerpConstants.KEY_LEN, 16);
        int port = Bytes.u16be(b, DerpConstants.KEY_LEN + 16);
        int flags = b.length > DerpConstants.KEY_LEN + 18 ? b[DerpConstants.KEY_LEN + 18] & 0xff : 0;
        listener.onPeerPresent(k, ip, port, flags);
    }

    private boolean writePacket(byte[] frame, long nowNanos) {
        if (sendLimit != null && !sendLimit.allow(frame.length, nowNanos)) {
            droppedRateLimited++;
            return false;
        }
        out.add(frame);
        packetsSent++;
        return true;
    }

    private void fail(String reason, long nowNanos) {
        boolean wasOpen = state == State.DIALING || isOpenState();
        lastError = reason;
        closeRequest = transportId;
        transportId = -1;
        // Packets not yet handed to the transport go out again after the next login; control
        // frames (Pong, NotePreferred) belonged to this connection only.
        // A half-written head frame died with the stream.
        out.dropPartlyTaken();
        ArrayDeque<byte[]> unsent = new ArrayDeque<>();
        for (byte[] b : out) if ((b[0] & 0xff) == FrameType.SEND_PACKET) unsent.add(b);
        out.clear();
        while (!unsent.isEmpty()) {
            byte[] b = unsent.pollLast();
            pending.addFirst(b);
            pendingBytes += b.length;
        }
        trimPending();
        sendLimit = null;
        long delay;
        if (restartReconnectInNanos >= 0 && nowNanos <= restartTryUntil) {
            delay = restartReconnectInNanos; // the server told us when it will be back
        } else {
            restartReconnectInNanos = -1;
            delay = backoff.nextDelayNanos();
        }
        state = State.BACKOFF;
        backoffUntil = nowNanos + delay;
        if (wasOpen) listener.onDisconnected(reason, nowNanos);
    }

    private boolean isOpenState() {
        return state == State.AWAIT_SERVER_KEY || state == State.LOGGED_IN || state == State.READY;
    }

    // ---- observation ----

    public State state() { return state; }
    public boolean isReady() { return state == State.READY; }
    public byte[] publicKey() { return publicKey.clone(); }
    /** The server's key from its ServerKey frame (null before the first one). */
    public byte[] serverKey() { return serverKey == null ? null : serverKey.clone(); }
    public String health() { return health; }
    public String lastError() { return lastError; }
    public int queuedPackets() { return pending.size(); }
    public long packetsSent() { return packetsSent; }
    public long packetsReceived() { return packetsReceived; }
    public long droppedWhileDisconnected() { return droppedWhileDisconnected; }
    public long droppedRateLimited() { return droppedRateLimited; }
    public long droppedTooBig() { return droppedTooBig; }
    public long droppedShortFrames() { return droppedShortFrames; }
    /** Exceptions caught inside the engine (each closed the connection). */
    public long internalErrors() { return internalErrors; }
    /** Completed logins (ServerInfo received); 2 or more means the client reconnected. */
    public long logins() { return logins; }
}
