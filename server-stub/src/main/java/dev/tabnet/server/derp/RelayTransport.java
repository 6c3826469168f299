package dev.tabnet.server.derp;

import dev.tabnet.core.derp.WebSocketReadLimit;
import java.nio.ByteBuffer;

/**
 * The byte stream under one relay connection (a Jetty WebSocket session, or an HTTP connection
 * upgraded with {@code Upgrade: DERP}). Input is demand-driven: the transport delivers the next
 * chunk only after {@link #demand()}, which is how the relay pauses rate-limited or
 * back-pressured senders.
 */
interface RelayTransport {
    /** Writes bytes; exactly one of the callbacks runs when done. At most one write is outstanding. */
    void write(ByteBuffer data, Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure);

    /** Asks for the next chunk of input. */
    void demand();

    /** Closes the connection (idempotent); reason is for the peer where the transport has a way to say it. */
    void close(String reason);

    /** For logs: the peer's address. */
    String remote();

    /**
     * The most bytes one write may carry: by default {@link WebSocketReadLimit#DEFAULT}, the
     * largest WebSocket message a Tailscale client reads.
     */
    default int maxWriteBytes() {
        return WebSocketReadLimit.DEFAULT;
    }
}
