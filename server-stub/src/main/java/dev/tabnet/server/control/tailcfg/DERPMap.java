package dev.tabnet.server.control.tailcfg;

import java.util.Map;

/** tailcfg.DERPMap. Region IDs are map keys, hence JSON strings. */
public final class DERPMap {
    public Map<String, DERPRegion> Regions;
    /** JSON name as in Go's struct tag. */
    public Boolean omitDefaultRegions;
}
