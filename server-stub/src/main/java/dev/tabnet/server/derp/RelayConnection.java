package dev.tabnet.server.derp;

import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.DerpProtocolException;
import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameReader;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.derp.TokenBucket;
import dev.tabnet.core.disco.DiscoConstants;
import dev.tabnet.core.util.ChunkQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection to the relay: login (ServerKey, ClientInfo, admission, ServerInfo), then
 * frames in, routed packets and control frames out. Input arrives on one transport thread at a
 * time (demand-driven); {@link #enqueue} may be called from any thread.
 */
final class RelayConnection {
    private enum State { AWAIT_CLIENT_INFO, ACTIVE, CLOSED }

    private final DerpRelay relay;
    private final RelayTransport transport;
    private final FrameReader reader;
    private volatile State state = State.AWAIT_CLIENT_INFO;
    private volatile NodeKey key;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason = "";
    private ScheduledFuture<?> acceptDeadline;
    private ScheduledFuture<?> keepAlive;
    private TokenBucket rateLimit;
    private final TokenBucket notHereLimit;
    private boolean preferred;
    private volatile boolean registered;
    /** Senders we delivered packets from: they get PeerGone(Disconnected) watchers on us. */
    final Set<NodeKey> sawSrc = ConcurrentHashMap.newKeySet();

    // Write side, guarded by "this".
    private final ChunkQueue queue = new ChunkQueue();
    private int queuedBytes; // queued + in flight
    private boolean writing;
    private final List<DrainWaiter> drainWaiters = new ArrayList<>();
    /** When the queue went over the high-water mark (0 = it is not). */
    private long congestedSince;

    RelayConnection(DerpRelay relay, RelayTransport transport) {
        this.relay = relay;
        this.transport = transport;
        DerpRelayConfig c = relay.config();
        this.reader = new FrameReader(type -> type == FrameType.CLIENT_INFO ? DerpConstants.CLIENT_INFO_MAX_LEN : 0);
        reader.splitKeyOf(FrameType.SEND_PACKET); // the destination key apart: the packet is copied once, into the RecvPacket
        this.notHereLimit = new TokenBucket(c.notHerePerSecond, c.notHereBurst);
    }

    NodeKey key() {
        return key;
    }

    String describe() {
        return (key == null ? "unauthenticated" : key.shortString()) + "@" + transport.remote();
    }

    String closeReason() {
        return closeReason;
    }

    /** Passed admission and was registered (so its close is a client disconnect). */
    boolean wasRegistered() {
        return registered;
    }

    boolean isPreferred() {
        return preferred;
    }

    // ---- transport events ----

    void onOpen() {
        enqueue(Frames.serverKey(relay.publicKey()));
        acceptDeadline = relay.scheduler().schedule(() -> {
            if (state == State.AWAIT_CLIENT_INFO) close("no ClientInfo within " + relay.config().acceptTimeoutMillis + " ms");
        }, relay.config().acceptTimeoutMillis, TimeUnit.MILLISECONDS);
        transport.demand();
    }

    /** Bytes from the transport (a copy the connection may keep). */
    void onBytes(byte[] data, int off, int len) {
        if (state == State.CLOSED) return;
        reader.feed(data, off, len);
        RelayConnection[] blockedOn = new RelayConnection[1];
        List<RelayConnection> corked = new ArrayList<>();
        long waitNanos;
        CORKED.set(corked);
        try {
            waitNanos = routeBufferedFrames(blockedOn);
        } finally {
            CORKED.remove();
            for (RelayConnection c : corked) c.uncork();
        }
        // Only now ask for more: a transport may deliver the next bytes from inside demand().
        if (waitNanos < 0 || state == State.CLOSED) return;
        if (waitNanos > 0) relay.stats().rateLimitWaits.incrementAndGet();
        continueReading(waitNanos, blockedOn[0]);
    }

    /**
     * While one read batch is routed, writes to its destinations are held back ("corked") and sent
     * together right after: a 64 KB read of a busy sender becomes one WebSocket message to a peer
     * that reads large ones (two at Tailscale's 32 KiB) instead of one per packet, which is what a
     * browser pays for (each message is a task, a copy into Wasm and usually an ACK back). Nothing
     * waits longer than the batch itself. The built-in node's link hands over one service round
     * per read ({@link InProcessDerpLink#flush}).
     */
    private static final ThreadLocal<List<RelayConnection>> CORKED = new ThreadLocal<>();
    private boolean uncorkPending;

    /** Handles every complete frame buffered; returns the rate limit's wait, or -1 if the connection closed. */
    private long routeBufferedFrames(RelayConnection[] blockedOn) {
        long waitNanos = 0;
        try {
            while (state != State.CLOSED) {
                if (state == State.AWAIT_CLIENT_INFO && reader.buffered() > 0 && reader.peekType() != FrameType.CLIENT_INFO) {
                    throw new DerpProtocolException("first frame must be ClientInfo, got " + FrameType.name(reader.peekType()));
                }
                Frame f = reader.next();
                if (f == null) break;
                if (state == State.ACTIVE && rateLimit != null) {
                    waitNanos = rateLimit.reserveNanos(f.wireBodyLength(), System.nanoTime());
                }
                handle(f, blockedOn);
            }
        } catch (DerpProtocolException e) {
            relay.stats().protocolErrors.incrementAndGet();
            close(e.getMessage());
            return -1;
        } catch (RuntimeException e) {
            close("internal error: " + e);
            return -1;
        }
        return waitNanos;
    }

    /** Starts the write a corked batch held back, unless one is already under way. */
    private void uncork() {
        ByteBuffer batch;
        synchronized (this) {
            uncorkPending = false;
            if (writing || state == State.CLOSED || queue.isEmpty()) return;
            writing = true;
            batch = takeBatchLocked();
        }
        write(batch);
    }

    void onTransportClosed(String why) {
        closeInternal("transport closed: " + why, false);
    }

    // ---- protocol ----

    private void handle(Frame f, RelayConnection[] blockedOn) throws DerpProtocolException {
        if (state == State.AWAIT_CLIENT_INFO) {
            login(f);
            return;
        }
        byte[] b = f.body;
        switch (f.type) {
            case FrameType.SEND_PACKET: {
                if (f.key == null) throw new DerpProtocolException("short send packet frame");
                NodeKey dst = f.key;
                RelayConnection to = relay.route(this, dst, b);
                if (to == null) {
                    if (DiscoConstants.looksLikeDiscoWrapper(b, 0, b.length)
                            && notHereLimit.allow(1, System.nanoTime())) {
                        relay.stats().peerGoneNotHereSent.incrementAndGet();
                        enqueue(Frames.peerGone(dst.bytes(), DerpConstants.PEER_GONE_REASON_NOT_HERE));
                    }
                } else if (to.shouldPauseSenders()) {
                    blockedOn[0] = to;
                }
                break;
            }
            case FrameType.NOTE_PREFERRED:
                if (b.length != 1) throw new DerpProtocolException("frameNotePreferred wrong size (" + b.length + ")");
                preferred = b[0] != 0;
                break;
            case FrameType.PING:
                if (b.length < DerpConstants.PING_LEN) throw new DerpProtocolException("short ping: " + b.length);
                // Droppable: a client that pings without reading must not grow our queue without bound.
                enqueue(Frames.pong(java.util.Arrays.copyOf(b, DerpConstants.PING_LEN)), true);
                break;
            case FrameType.FORWARD_PACKET:
            case FrameType.WATCH_CONNS:
            case FrameType.CLOSE_PEER:
                throw new DerpProtocolException(FrameType.name(f.type) + ": insufficient permissions (this relay has no mesh)");
            default:
                break; // unknown frames are skipped, as derpserver does
        }
    }

    private void login(Frame f) throws DerpProtocolException {
        ClientInfo.Opened opened = ClientInfo.open(relay.privateKey(), f.body);
        key = opened.clientKey;
        if (!relay.admission().admits(key.bytes())) {
            relay.stats().rejectedByAdmission.incrementAndGet();
            throw new DerpProtocolException("client " + key.nodeKeyText() + " rejected: not admitted");
        }
        if (acceptDeadline != null) acceptDeadline.cancel(false);
        DerpRelayConfig c = relay.config();
        if (c.rateLimitBytesPerSecond > 0) {
            rateLimit = new TokenBucket(c.rateLimitBytesPerSecond, Math.max(c.rateLimitBurstBytes, DerpRelayConfig.MIN_RATE_LIMIT_BUCKET));
        }
        reader.setLimit(type -> {
            switch (type) {
                case FrameType.SEND_PACKET: return DerpConstants.KEY_LEN + DerpConstants.MAX_PACKET_SIZE;
                case FrameType.PING: return DerpConstants.PING_MAX_LEN;
                case FrameType.FORWARD_PACKET: return 2L * DerpConstants.KEY_LEN + DerpConstants.MAX_PACKET_SIZE;
                default: return DerpConstants.KEY_LEN + DerpConstants.MAX_PACKET_SIZE;
            }
        });
        state = State.ACTIVE;
        registered = true;
        relay.register(this);
        try {
            enqueue(Frames.frame(FrameType.SERVER_INFO, relay.serverInfoFor(key)));
        } catch (dev.tabnet.core.crypto.CryptoException e) {
            throw new DerpProtocolException("cannot seal ServerInfo: " + e.getMessage());
        }
        long period = c.keepAliveMillis + (c.keepAliveJitterMillis > 0 ? relay.entropy().nextInt((int) c.keepAliveJitterMillis) : 0);
        keepAlive = relay.scheduler().scheduleAtFixedRate(() -> enqueue(Frames.keepAlive()), period, period, TimeUnit.MILLISECONDS);
    }

    // ---- reading pace ----

    private void continueReading(long waitNanos, RelayConnection blockedOn) {
        if (state == State.CLOSED) return;
        if (waitNanos > 0) {
            relay.scheduler().schedule(() -> continueReading(0, blockedOn), waitNanos, TimeUnit.NANOSECONDS);
            return;
        }
        if (blockedOn != null && blockedOn.awaitDrain(this)) {
            relay.stats().backPressureWaits.incrementAndGet();
            return;
        }
        transport.demand();
    }

    /** A sender paused until this connection's queue drains (or a timeout). */
    private static final class DrainWaiter {
        final RelayConnection sender;
        final AtomicBoolean fired = new AtomicBoolean();

        DrainWaiter(RelayConnection sender) {
            this.sender = sender;
        }

        void fire() {
            if (fired.compareAndSet(false, true)) sender.continueReading(0, null);
        }
    }

    /** True if the sender was registered to resume later; false if it may read on now. */
    private boolean awaitDrain(RelayConnection sender) {
        DrainWaiter w = new DrainWaiter(sender);
        synchronized (this) {
            if (state == State.CLOSED || queuedBytes <= relay.config().queueLowWaterBytes) return false;
            drainWaiters.add(w);
        }
        relay.scheduler().schedule(w::fire, relay.config().backPressureMaxWaitMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    // ---- writing ----

    synchronized int queuedBytes() {
        return queuedBytes;
    }

    /**
     * Over the high-water mark: senders should wait for us. But a destination that has stayed
     * congested longer than the maximum wait is not reading at all; pausing its senders would
     * only starve their other peers, so from then on its excess is dropped instead.
     */
    synchronized boolean shouldPauseSenders() {
        if (queuedBytes <= relay.config().queueHighWaterBytes) return false;
        long now = System.nanoTime();
        if (congestedSince == 0) congestedSince = now;
        return now - congestedSince < relay.config().backPressureMaxWaitMillis * 1_000_000L;
    }

    /** Queues a control frame (never dropped for size). Returns false if the connection is closed. */
    boolean enqueue(byte[] frame) {
        return enqueue(frame, false);
    }

    /** Queues a RecvPacket; dropped (false) if this destination is over its hard limit. */
    boolean enqueuePacket(byte[] frame) {
        return enqueue(frame, true);
    }

    private boolean enqueue(byte[] frame, boolean droppable) {
        ByteBuffer batch;
        synchronized (this) {
            if (state == State.CLOSED) return false;
            if (droppable && queuedBytes + frame.length > relay.config().queueHardLimitBytes) return false;
            queue.add(frame);
            queuedBytes += frame.length;
            if (writing) return true;
            List<RelayConnection> corked = CORKED.get();
            if (corked != null) {
                if (!uncorkPending) {
                    uncorkPending = true;
                    corked.add(this);
                }
                return true;
            }
            writing = true;
            batch = takeBatchLocked();
        }
        write(batch);
        return true;
    }

    /**
     * Up to the transport's {@link RelayTransport#maxWriteBytes} queued bytes as one write (one
     * WebSocket message); a frame may be split across writes, since peers read a stream.
     */
    private ByteBuffer takeBatchLocked() {
        return ByteBuffer.wrap(queue.take(transport.maxWriteBytes()));
    }

    private void write(ByteBuffer batch) {
        int size = batch.remaining();
        transport.write(batch, () -> onWritten(size), e -> closeInternal("write failed: " + e, true));
    }

    private void onWritten(int size) {
        ByteBuffer next = null;
        List<DrainWaiter> release = null;
        synchronized (this) {
            queuedBytes -= size;
            if (state != State.CLOSED && !queue.isEmpty()) next = takeBatchLocked();
            else writing = false;
            if (queuedBytes <= relay.config().queueLowWaterBytes) congestedSince = 0;
            if (queuedBytes <= relay.config().queueLowWaterBytes && !drainWaiters.isEmpty()) {
                release = new ArrayList<>(drainWaiters);
                drainWaiters.clear();
            }
        }
        if (release != null) for (DrainWaiter w : release) w.fire();
        if (next != null) write(next);
    }

    // ---- closing ----

    /** Closes this connection only, logging why (protocol errors, timeouts, admission). */
    void close(String reason) {
        closeInternal(reason, true);
    }

    private void closeInternal(String reason, boolean closeTransport) {
        if (!closed.compareAndSet(false, true)) return;
        closeReason = reason;
        List<DrainWaiter> release;
        synchronized (this) {
            state = State.CLOSED;
            queue.clear();
            release = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
        }
        if (acceptDeadline != null) acceptDeadline.cancel(false);
        if (keepAlive != null) keepAlive.cancel(false);
        relay.onClosed(this, reason);
        for (DrainWaiter w : release) w.fire();
        if (closeTransport) transport.close(reason);
    }
}
