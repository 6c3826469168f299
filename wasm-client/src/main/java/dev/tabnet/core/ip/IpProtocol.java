package dev.tabnet.core.ip;

/** IANA protocol numbers (IPv4 Protocol / IPv6 Next Header) used by the stack. */
public final class IpProtocol {
    private IpProtocol() {}

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;
}
