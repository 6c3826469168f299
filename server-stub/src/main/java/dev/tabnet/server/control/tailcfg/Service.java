package dev.tabnet.server.control.tailcfg;

/** tailcfg.Service (Hostinfo.Services), e.g. {"Proto":"peerapi4","Port":36297}. */
public final class Service {
    public String Proto;
    public int Port;
    public String Description;
}
