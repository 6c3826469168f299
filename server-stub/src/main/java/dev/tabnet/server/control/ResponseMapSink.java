package dev.tabnet.server.control;

import dev.tabnet.server.machine.MapSink;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The body of a {@code /machine/map} response as a {@link MapSink}: frames queue and leave one
 * write at a time (Jetty allows a single pending write), and {@code send} never blocks, because map
 * sessions call it under their lock from the scheduler and registry threads.
 */
final class ResponseMapSink implements MapSink {
    private final SerialWriter writer;
    private final Response response;
    private final Callback done;
    private volatile boolean failed;
    private boolean closed;

    ResponseMapSink(Response response, Callback done) {
        this.response = response;
        this.done = done;
        this.writer = new SerialWriter(
                (buffer, finished) -> response.write(false, buffer, Callback.from(() -> finished.accept(null), finished::accept)),
                failure -> failed());
    }

    @Override
    public boolean send(byte[] frame) {
        if (failed) return false;
        writer.write(frame);
        return !failed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        if (failed) {
            done.failed(new java.io.IOException("map stream client gone"));
            return;
        }
        writer.whenDrained(() -> response.write(true, ByteBuffer.allocate(0), done));
    }

    void failed() {
        failed = true;
    }

    /** The stream failed (client reset, connection gone, a write failed). */
    boolean hasFailed() {
        return failed;
    }
}
