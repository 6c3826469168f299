package dev.tabnet.core.tcp;

/** What a socket needs from the stack that owns it. */
public interface TcpHost {
    /** Wraps the segment in IP and queues it for sending. */
    void transmit(TcpSocket socket, TcpSegment segment);

    /** The latest time the stack was given (app calls such as write() use it). */
    long now();

    /** Passive open completed: hand the socket to the listening application. */
    void accepted(TcpSocket socket);

    /** The socket reached CLOSED and can be forgotten. */
    void terminated(TcpSocket socket);
}
