package dev.tabnet.server.control;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Keeps writes to one Jetty sink in order and one at a time (EndPoint.write and Session.sendBinary
 * allow only a single pending write). Buffers queue without bound: the control channel's volume is
 * small (JSON over HTTP/2) and HTTP/2 flow control bounds what the peers put in flight.
 */
final class SerialWriter {
    /** Starts one write; the sink calls {@code done} with null on success or the failure. */
    interface Sink {
        void write(ByteBuffer buffer, Consumer<Throwable> done);
    }

    private final Sink sink;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private long queuedBytes;
    private int inFlight;
    private boolean failed;
    private Runnable whenDrained;

    SerialWriter(Sink sink, Consumer<Throwable> onFailure) {
        this.sink = sink;
        this.onFailure = onFailure;
    }

    void write(byte[] bytes) {
        if (bytes.length == 0) return;
        ByteBuffer next;
        synchronized (this) {
            if (failed) return;
            queue.add(ByteBuffer.wrap(bytes));
            queuedBytes += bytes.length;
            if (writing) return;
            writing = true;
            next = queue.poll();
            inFlight = next.remaining();
        }
        sink.write(next, this::completed);
    }

    /** Bytes handed to write() and not yet confirmed written (including the one in flight). */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Runs {@code r} once everything queued so far is written (immediately if idle). */
    void whenDrained(Runnable r) {
        synchronized (this) {
            if (writing) {
                whenDrained = r;
                return;
            }
        }
        r.run();
    }

    private void completed(Throwable failure) {
        ByteBuffer next;
        Runnable drained = null;
        synchronized (this) {
            queuedBytes -= inFlight;
            if (failure != null) {
                failed = true;
                queue.clear();
                writing = false;
                queuedBytes = 0;
            }
            next = failed ? null : queue.poll();
            inFlight = next == null ? 0 : next.remaining();
            if (next == null) {
                writing = false;
                drained = whenDrained;
                whenDrained = null;
            }
        }
        if (failure != null) onFailure.accept(failure);
        if (next != null) {
            sink.write(next, this::completed);
        } else if (drained != null) {
            drained.run();
        }
    }
}
