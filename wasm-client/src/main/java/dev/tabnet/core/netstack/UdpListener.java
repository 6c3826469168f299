package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.IpAddress;

/** Receives datagrams for a bound {@link UdpSocket}. */
public interface UdpListener {
    void onDatagram(UdpSocket socket, IpAddress from, int fromPort, byte[] data);
}
