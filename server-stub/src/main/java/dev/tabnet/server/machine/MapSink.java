package dev.tabnet.server.machine;

/** Where a map session writes: the HTTP/2 response body of a {@code /machine/map} request. */
public interface MapSink {
    /** One framed message (4-byte little-endian length, then JSON). False if the client is gone. */
    boolean send(byte[] frame);

    /** Ends the response; the client reconnects (or re-registers if its node was removed). */
    void close();
}
