package dev.tabnet.core.tcp;

/**
 * Application callbacks for a socket; all are invoked from the thread driving the stack (browser
 * event loop or the JVM event-loop thread), never re-entrantly from inside a segment's processing.
 */
public interface TcpListener {
    /** The three-way handshake completed (active open). */
    default void onConnected(TcpSocket socket) {}

    /** New in-order data (or end of stream) can be read; read until it returns 0 or -1. */
    default void onReadable(TcpSocket socket) {}

    /** Send buffer space was freed after a {@code write} accepted less than offered. */
    default void onWritable(TcpSocket socket) {}

    /** The socket is finished; no further callbacks follow. */
    default void onClosed(TcpSocket socket, CloseReason reason) {}
}
