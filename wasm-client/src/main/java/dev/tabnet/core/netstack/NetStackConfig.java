package dev.tabnet.core.netstack;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.tcp.TcpConfig;

/** Addresses and sizes for a {@link NetStack}. */
public final class NetStackConfig {
    /** Our IPv4 address (e.g. the tailnet 100.x address); may be null. */
    public IpAddress ipv4;
    /** Our IPv6 address; may be null. */
    public IpAddress ipv6;
    /** Link MTU; WireGuard tunnels typically use 1420 (Tailscale uses 1280). */
    public int mtu = 1420;
    public TcpConfig tcp = new TcpConfig();
    public long pingTimeoutNanos = 5_000_000_000L;
    /** Upper bound on packets waiting in the outbound queue before new ones are dropped (counted). */
    public int maxOutboundPackets = 8192;
}
