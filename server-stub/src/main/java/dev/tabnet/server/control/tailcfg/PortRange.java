package dev.tabnet.server.control.tailcfg;

/** tailcfg.PortRange; 0–65535 is "any port". */
public final class PortRange {
    public int First;
    public int Last;
}
