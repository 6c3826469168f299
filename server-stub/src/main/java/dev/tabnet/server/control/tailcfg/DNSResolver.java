package dev.tabnet.server.control.tailcfg;

import java.util.List;

/** dnstype.Resolver. */
public final class DNSResolver {
    public String Addr;
    public List<String> BootstrapResolution;
    public Boolean UseWithExitNode;
}
