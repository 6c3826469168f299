package dev.tabnet.core.netstack;

import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;

/** Called for each connection completing its handshake on a listening port. */
public interface TcpAcceptor {
    /** Returns the listener for the new socket (may be null and set later). */
    TcpListener onAccept(TcpSocket socket);
}
