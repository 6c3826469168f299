package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.IpAddress;

/** A bound UDP port. Sending never blocks; datagrams beyond the outbound queue bound are dropped (UDP semantics). */
public final class UdpSocket {
    private final NetStack stack;
    public final int localPort;
    final UdpListener listener;
    private boolean closed;

    UdpSocket(NetStack stack, int localPort, UdpListener listener) {
        this.stack = stack;
        this.localPort = localPort;
        this.listener = listener;
    }

    /** Returns false if the datagram could not be queued (closed socket, too large, no source address). */
    public boolean send(IpAddress to, int port, byte[] data, int off, int len) {
        if (closed) return false;
        return stack.sendUdp(localPort, to, port, data, off, len);
    }

    public void close() {
        if (!closed) {
            closed = true;
            stack.unbindUdp(localPort);
        }
    }
}
