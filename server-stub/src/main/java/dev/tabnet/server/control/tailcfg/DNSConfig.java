package dev.tabnet.server.control.tailcfg;

import java.util.List;
import java.util.Map;

/** tailcfg.DNSConfig (subset). Routes values may be null (= handled by MagicDNS). */
public final class DNSConfig {
    public List<DNSResolver> Resolvers;
    public Map<String, List<DNSResolver>> Routes;
    public List<DNSResolver> FallbackResolvers;
    public List<String> Domains;
    public Boolean Proxied;
    public List<String> Nameservers;
    public List<String> CertDomains;
    public List<String> ExitNodeFilteredSet;
}
