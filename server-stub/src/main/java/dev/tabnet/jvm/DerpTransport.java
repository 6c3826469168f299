package dev.tabnet.jvm;

/** One byte-stream connection to a DERP server, as the {@link DerpClientLoop} uses it. */
public interface DerpTransport {
    /** What a transport reports; may be called from any thread (the loop re-posts to its thread). */
    interface Events {
        void onOpen();

        void onData(byte[] data);

        /**
         * Data whose sender waits for it to be consumed (an in-process relay's write completes
         * then, which is how it feels back-pressure); consumed runs once, on any thread.
         */
        default void onData(byte[] data, Runnable consumed) {
            onData(data);
            consumed.run();
        }

        void onClosed(String reason);
    }

    /** Opens transports to one server. */
    interface Factory {
        DerpTransport open(Events events);
    }

    /** Queues bytes for sending, in order. */
    void send(byte[] data);

    /**
     * Ends a batch: the bytes sent since the last flush are one service round's output. A transport
     * that hands its peer whole batches (the in-process link) holds them until now; others have
     * sent them already.
     */
    default void flush() {}

    /** Bytes queued but not yet written (for back-pressure). */
    long pendingBytes();

    void close();
}
