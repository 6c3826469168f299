package dev.tabnet.core.http2;

import java.util.List;

/**
 * Response events of one stream, called from inside {@link Http2Connection#onBytes} (or from the call
 * that caused them). Exactly one of onEnd / onReset ends a stream.
 */
public interface Http2StreamListener {
    /** Final response headers (1xx informational responses are skipped); pseudo-headers removed. */
    default void onHeaders(Http2Stream stream, int status, List<HeaderField> headers, boolean endStream) {}

    /** A piece of the body; the bytes are only valid during the call. */
    default void onData(Http2Stream stream, byte[] data, int off, int len, boolean endStream) {}

    default void onTrailers(Http2Stream stream, List<HeaderField> trailers) {}

    /** The response is complete (END_STREAM received and our side finished). */
    default void onEnd(Http2Stream stream) {}

    /**
     * The stream was reset, by RST_STREAM from the peer, by us (stream error, cancel), by GOAWAY, or
     * because the connection failed. {@code refused} means the server did not process the request
     * (REFUSED_STREAM, or above a GOAWAY's last stream id), so it is safe to retry.
     */
    default void onReset(Http2Stream stream, int errorCode, boolean refused, String reason) {}
}
