package dev.tabnet.server.derp;

import dev.tabnet.jvm.ByteChunks;
import dev.tabnet.jvm.DerpTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A DERP connection between a node and the relay of the same JVM, as a pair of in-memory byte
 * queues: the same frames (ServerKey, ClientInfo, SendPacket, ...) as over {@code Upgrade: DERP},
 * without the loopback socket. The server's built-in node uses it: a socket would add a kernel
 * round trip and two thread wake-ups (the node's reader and writer threads, the relay's selector)
 * to every packet, which on a small machine showed up as the tail of keystroke echo latency.
 *
 * <p>Node → relay: bytes queue here and are handed to the relay's connection one batch at a time,
 * only when it has asked for more ({@link #demand}), on whichever thread sent or demanded them.
 * Relay → node: each write is delivered to the node's loop and completes once the loop has
 * consumed it, so a slow node pushes back on the relay as a slow socket would.
 */
public final class InProcessDerpLink implements DerpTransport, RelayTransport {
    /** About what one socket read would return: the relay corks its writes per batch. */
    private static final int MAX_BATCH = 64 << 10;

    private final DerpTransport.Events node;
    private final AtomicBoolean closed = new AtomicBoolean();
    private RelayConnection relaySide;

    // Node → relay, guarded by "this".
    private final ArrayDeque<byte[]> toRelay = new ArrayDeque<>();
    private long queuedBytes;
    private boolean demanded;
    private boolean delivering;

    private InProcessDerpLink(DerpTransport.Events node) {
        this.node = node;
    }

    /** Opens links to this relay, for a node on the same JVM. */
    public static DerpTransport.Factory factory(DerpRelay relay) {
        return events -> {
            InProcessDerpLink link = new InProcessDerpLink(events);
            link.relaySide = relay.newConnection(link);
            events.onOpen();
            link.relaySide.onOpen();
            return link;
        };
    }

    // ---- the node's side (DerpTransport) ----

    @Override
    public void send(byte[] data) {
        if (closed.get()) return;
        synchronized (this) {
            toRelay.add(data);
            queuedBytes += data.length;
        }
    }

    /**
     * Hands the round's frames to the relay together, so that it routes (and corks) them as one
     * read, as from a socket: a browser then gets one WebSocket message per round instead of one
     * per frame that happened to arrive while the relay was not writing.
     */
    @Override
    public void flush() {
        deliverToRelay();
    }

    @Override
    public synchronized long pendingBytes() {
        return queuedBytes;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) relaySide.onTransportClosed("closed by the node");
    }

    // ---- the relay's side (RelayTransport) ----

    @Override
    public void write(ByteBuffer data, Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure) {
        if (closed.get()) {
            onFailure.accept(new IOException("the in-process DERP link is closed"));
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        node.onData(copy, onSuccess);
    }

    @Override
    public void demand() {
        synchronized (this) {
            demanded = true;
        }
        deliverToRelay();
    }

    @Override
    public void close(String reason) {
        if (closed.compareAndSet(false, true)) node.onClosed(reason);
    }

    @Override
    public String remote() {
        return "in-process";
    }

    /**
     * Hands queued bytes to the relay while it wants them. The relay may demand more from inside
     * onBytes; the flag turns that into another turn of this loop instead of a deeper stack.
     */
    private void deliverToRelay() {
        while (!closed.get()) {
            byte[] batch;
            synchronized (this) {
                if (delivering || !demanded || toRelay.isEmpty()) return;
                delivering = true;
                demanded = false;
                batch = takeBatch();
            }
            try {
                relaySide.onBytes(batch, 0, batch.length);
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    /** Queued chunks joined up to MAX_BATCH (a chunk is never split). Holds "this". */
    private byte[] takeBatch() {
        byte[] batch = ByteChunks.takeJoined(toRelay, MAX_BATCH);
        queuedBytes -= batch.length;
        return batch;
    }
}
