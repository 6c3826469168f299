package dev.tabnet.server.control.tailcfg;

import java.util.List;

/** Body of POST /machine/map (tailcfg.MapRequest). */
public final class MapRequest {
    public int Version;
    /** "zstd" or absent; this server never compresses. */
    public String Compress;
    public Boolean KeepAlive;
    public String NodeKey;
    public String DiscoKey;
    /** true = long poll; false with OmitPeers = endpoint/hostinfo update only. */
    public Boolean Stream;
    public Hostinfo Hostinfo;
    public String MapSessionHandle;
    public Long MapSessionSeq;
    /** "ip:port" strings. */
    public List<String> Endpoints;
    public List<Integer> EndpointTypes;
    public String TKAHead;
    public Boolean ReadOnly;
    public Boolean OmitPeers;
    public List<String> DebugFlags;
}
