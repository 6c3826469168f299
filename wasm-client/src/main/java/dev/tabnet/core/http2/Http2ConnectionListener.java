package dev.tabnet.core.http2;

/** Connection-level events. */
public interface Http2ConnectionListener {
    /** The peer's SETTINGS were applied (and acknowledged). */
    default void onSettings(Settings peer) {}

    /** The peer acknowledged a PING we sent. */
    default void onPingAck(long payload) {}

    /** The peer sent GOAWAY: streams above lastStreamId were refused, no new streams can start. */
    default void onGoAway(int lastStreamId, int errorCode, byte[] debugData) {}

    /**
     * The connection is finished: after a connection error (ours, with the GOAWAY already queued), after
     * GOAWAY once the last stream ended, or after {@link Http2Connection#close}. Flush the output, then
     * close the transport.
     */
    default void onClosed(int errorCode, String reason) {}
}
