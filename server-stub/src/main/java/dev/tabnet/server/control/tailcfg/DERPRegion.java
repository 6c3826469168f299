package dev.tabnet.server.control.tailcfg;

import java.util.List;

/** tailcfg.DERPRegion. */
public final class DERPRegion {
    public int RegionID;
    public String RegionCode = "";
    public String RegionName = "";
    public Double Latitude;
    public Double Longitude;
    public Boolean Avoid;
    public Boolean NoMeasureNoHome;
    public List<DERPNode> Nodes;
}
