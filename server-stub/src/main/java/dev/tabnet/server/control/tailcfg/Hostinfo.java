package dev.tabnet.server.control.tailcfg;

import java.util.List;

/** tailcfg.Hostinfo (the fields this server uses; all omitzero in Go). */
public final class Hostinfo {
    public String IPNVersion;
    public String FrontendLogID;
    public String BackendLogID;
    public String OS;
    public String OSVersion;
    public String Hostname;
    public String DeviceModel;
    public String GoArch;
    public String GoVersion;
    public List<String> RoutableIPs;
    public List<String> RequestTags;
    public List<Service> Services;
    public NetInfo NetInfo;
    /** JSON name as in Go's struct tag ("sshHostKeys"). */
    public List<String> sshHostKeys;
    public Boolean ShieldsUp;
}
