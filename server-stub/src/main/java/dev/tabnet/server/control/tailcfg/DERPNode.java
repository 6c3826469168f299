package dev.tabnet.server.control.tailcfg;

/** tailcfg.DERPNode. STUNPort 0 means 3478 and −1 disabled; DERPPort 0 means 443. */
public final class DERPNode {
    public String Name = "";
    public int RegionID;
    public String HostName = "";
    /** May be "sha256-raw:&lt;hex&gt;" to pin a self-signed certificate. */
    public String CertName;
    /** "none" disables that family. */
    public String IPv4;
    public String IPv6;
    public Integer STUNPort;
    public Boolean STUNOnly;
    public Integer DERPPort;
    public Boolean InsecureForTests;
    public String STUNTestIP;
    public Boolean CanPort80;
}
