package dev.tabnet.tests.http2;

import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A stream listener that records one response (called on the adapter's loop thread). */
class Collected implements Http2StreamListener {
    volatile int status;
    volatile List<HeaderField> headers;
    volatile List<HeaderField> trailers;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    volatile int dataFrames;
    /** Completes with null on onEnd, or with the reset reason. */
    final CompletableFuture<String> done = new CompletableFuture<>();
    volatile int resetCode = -1;
    volatile boolean refused;

    @Override
    public void onHeaders(Http2Stream stream, int status, List<HeaderField> headers, boolean endStream) {
        this.status = status;
        this.headers = new ArrayList<>(headers);
    }

    @Override
    public void onData(Http2Stream stream, byte[] data, int off, int len, boolean endStream) {
        synchronized (body) {
            body.write(data, off, len);
        }
        dataFrames++;
    }

    @Override
    public void onTrailers(Http2Stream stream, List<HeaderField> trailers) {
        this.trailers = new ArrayList<>(trailers);
    }

    @Override
    public void onEnd(Http2Stream stream) {
        done.complete(null);
    }

    @Override
    public void onReset(Http2Stream stream, int errorCode, boolean refused, String reason) {
        resetCode = errorCode;
        this.refused = refused;
        done.complete(reason == null ? "reset" : reason);
    }

    String header(String name) {
        for (HeaderField h : headers) if (h.name.equals(name)) return h.value;
        return null;
    }

    byte[] bytes() {
        synchronized (body) {
            return body.toByteArray();
        }
    }

    /** Waits for the end; fails with the reset reason if the stream was reset. */
    Collected await(long seconds) throws Exception {
        String reset = done.get(seconds, TimeUnit.SECONDS);
        if (reset != null) throw new AssertionError("stream reset: " + reset);
        return this;
    }
}
