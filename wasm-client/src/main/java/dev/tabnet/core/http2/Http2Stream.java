package dev.tabnet.core.http2;

import java.util.ArrayDeque;
import java.util.List;

/** One request/response exchange: the handle {@link Http2Connection#request} returns. */
public final class Http2Stream {
    final Http2Connection conn;
    final Http2StreamListener listener;
    int id; // 0 until HEADERS are sent (streams wait while MAX_CONCURRENT_STREAMS is reached)
    List<HeaderField> requestHeaders; // kept until the stream opens
    boolean endStreamWithHeaders;

    // send side
    final ArrayDeque<byte[]> sendQueue = new ArrayDeque<>();
    int sendQueueHeadOffset;
    long sendQueued;
    boolean endQueued; // application has finished the body
    boolean localEnded; // END_STREAM sent
    long sendWindow;
    boolean inSendRing;

    // receive side
    long recvWindow;
    long unannounced; // consumed but not yet returned with WINDOW_UPDATE
    long unconsumed; // delivered to the application but not yet consumed (autoConsume off)
    boolean finalHeadersReceived;
    boolean remoteEnded;
    int status;

    boolean closed;

    Http2Stream(Http2Connection conn, Http2StreamListener listener) {
        this.conn = conn;
        this.listener = listener;
    }

    /** Stream identifier, or 0 while the request waits for a free stream slot. */
    public int id() {
        return id;
    }

    /** Response status once the final headers arrived, else 0. */
    public int status() {
        return status;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Request body bytes still queued (not yet allowed out by flow control or not yet polled). */
    public long pendingSendBytes() {
        return sendQueued;
    }

    /** Queues more request body (copied). */
    public void write(byte[] b, int off, int len) {
        conn.write(this, b, off, len, false);
    }

    /** Queues the last piece of the request body (may be empty) and END_STREAM. */
    public void end(byte[] b, int off, int len) {
        conn.write(this, b, off, len, true);
    }

    public void end() {
        conn.write(this, new byte[0], 0, 0, true);
    }

    /** Returns n received bytes to the flow-control windows (only needed when autoConsume is off). */
    public void consume(int n) {
        conn.consume(this, n);
    }

    /** Cancels the exchange with RST_STREAM(CANCEL); onReset is called. */
    public void cancel() {
        conn.cancel(this);
    }

    @Override
    public String toString() {
        return "Http2Stream{" + id + (closed ? ", closed" : "") + "}";
    }
}
