package dev.tabnet.server.control;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** "192.0.2.7:51846" or "[2001:db8::1]:51846" for people (InetSocketAddress.toString adds a "/" and host names). */
final class AddressText {
    private AddressText() {}

    static String of(SocketAddress a) {
        if (!(a instanceof InetSocketAddress)) return a == null ? "" : a.toString();
        InetSocketAddress i = (InetSocketAddress) a;
        String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
    }
}
