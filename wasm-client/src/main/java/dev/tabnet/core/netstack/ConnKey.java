package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.IpAddress;

/** Demultiplexing key of a TCP connection: local and remote address and port. */
final class ConnKey {
    final IpAddress localAddress;
    final int localPort;
    final IpAddress remoteAddress;
    final int remotePort;

    ConnKey(IpAddress localAddress, int localPort, IpAddress remoteAddress, int remotePort) {
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConnKey)) return false;
        ConnKey k = (ConnKey) o;
        return localPort == k.localPort && remotePort == k.remotePort && localAddress.equals(k.localAddress)
                && remoteAddress.equals(k.remoteAddress);
    }

    @Override
    public int hashCode() {
        return ((localPort * 31 + remotePort) * 31 + remoteAddress.hashCode()) * 31 + localAddress.hashCode();
    }
}
