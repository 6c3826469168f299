package dev.tabnet.console.node;

import dev.tabnet.core.Entropy;

/**
 * What a node needs from where it runs. Every callback arrives on the platform's single event loop
 * (the browser's, or one JVM thread), never concurrently, so the node needs no locks.
 */
public interface NodePlatform {
    /** Monotonic time for the core's timers. */
    long nowNanos();

    /** Wall-clock time (WireGuard timestamps, log lines). */
    long unixTimeMillis();

    /** A cryptographically secure source (crypto.getRandomValues, SecureRandom). */
    Entropy entropy();

    /** Runs task on the event loop after the delay. */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * Runs task once the input this platform already holds has been handed over: a browser
     * delivers the WebSocket messages waiting for a tab one after another in a single task, so a
     * task posted from the first runs after the last. The node writes its answers there, one
     * WebSocket message for the whole batch instead of one per message received. The default runs
     * task at once.
     */
    default void afterPendingInput(Runnable task) {
        task.run();
    }

    /**
     * Opens a binary WebSocket (ts2021 or DERP) with the given subprotocol. Each binary message
     * reaches the listener whole, whatever its size (RelayLink asks our relay for messages up to
     * {@link dev.tabnet.core.derp.WebSocketReadLimit#MAX}).
     */
    Socket openWebSocket(String url, String subprotocol, SocketListener listener);

    /** A GET for small text resources (the control server's /key). */
    void httpGet(String url, HttpCallback callback);

    /**
     * A place for a downloaded file (the console's scp): fileName is the server's name for it (one
     * path component, no '/'), size its length in bytes. Null means this platform cannot save files;
     * the download then fails with a clear error before any data is transferred.
     */
    default DownloadSink openDownload(String fileName, long size) {
        return null;
    }

    interface Timer {
        void cancel();
    }

    interface Socket {
        void send(byte[] data);

        /** Bytes queued but not yet sent (for back-pressure). */
        long bufferedAmount();

        void close();
    }

    interface SocketListener {
        void onOpen();

        void onBinary(byte[] data);

        /** Closed or failed; no further callbacks follow. */
        void onClose(int code, String reason);
    }

    interface HttpCallback {
        void onResponse(int status, String body);

        void onError(String message);
    }
}
