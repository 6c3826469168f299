package dev.tabnet.server.control.tailcfg;

/** tailcfg.NetPortRange. */
public final class NetPortRange {
    public String IP;
    public PortRange Ports;
}
