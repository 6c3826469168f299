package dev.tabnet.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonReader;
import org.junit.jupiter.api.Test;

/** FilterRules in the forms tailcfg documents for SrcIPs / NetPortRange.IP and IPProto. */
class PacketFilterTest {
    static final IpAddress SELF = IpAddress.parse("100.64.0.2"), SELF6 = IpAddress.parse("fd7a:115c:a1e0::2");

    static PacketFilter filter(String json) {
        return PacketFilter.of(JsonReader.parse(json).asArray());
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void noFilterYetDeniesEverything() {
        PacketFilter f = PacketFilter.of(null);
        assertFalse(f.allowsTcp(ip("100.64.0.1"), SELF, 22));
        assertFalse(filter("[]").allowsTcp(ip("100.64.0.1"), SELF, 22), "an empty filter allows nothing");
    }

    @Test
    void wildcardSourceToOnePortOfOneAddress() {
        PacketFilter f = filter("[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"100.64.0.2\",\"Ports\":{\"First\":22,\"Last\":22}}]}]");
        assertTrue(f.allowsTcp(ip("100.64.0.9"), SELF, 22));
        assertFalse(f.allowsTcp(ip("fd7a:115c:a1e0::9"), SELF6, 22), "the destination is the v4 address only");
        assertFalse(f.allowsTcp(ip("100.64.0.9"), SELF, 23));
        assertFalse(f.allowsTcp(ip("100.64.0.9"), ip("100.64.0.3"), 22));
        assertTrue(f.allows(PacketFilter.PROTO_ICMP, ip("100.64.0.9"), SELF, 0), "ICMP: ports do not apply, protocols default to TCP, UDP, ICMP");
        assertTrue(f.allows(PacketFilter.PROTO_UDP, ip("100.64.0.9"), SELF, 22));
        assertFalse(f.allows(132, ip("100.64.0.9"), SELF, 22), "SCTP is not in the default protocols");
    }

    @Test
    void cidrAndRangeSources() {
        PacketFilter f = filter("[{\"SrcIPs\":[\"100.64.0.0/30\",\"100.64.0.10-100.64.0.20\",\"fd7a:115c:a1e0::/48\"],"
                + "\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}]");
        assertTrue(f.allowsTcp(ip("100.64.0.3"), SELF, 80));
        assertFalse(f.allowsTcp(ip("100.64.0.4"), SELF, 80), "outside /30");
        assertTrue(f.allowsTcp(ip("100.64.0.10"), SELF, 80));
        assertTrue(f.allowsTcp(ip("100.64.0.20"), SELF, 80), "ranges are inclusive");
        assertFalse(f.allowsTcp(ip("100.64.0.21"), SELF, 80));
        assertTrue(f.allowsTcp(ip("fd7a:115c:a1e0::77"), SELF6, 80));
        assertFalse(f.allowsTcp(ip("fd7a:115c:a1e1::77"), SELF6, 80));
    }

    @Test
    void ipProtoNarrowsTheRule() {
        PacketFilter f = filter("[{\"SrcIPs\":[\"*\"],\"IPProto\":[17],\"DstPorts\":[{\"IP\":\"100.64.0.2/32\",\"Ports\":{\"First\":53,\"Last\":53}}]}]");
        assertFalse(f.allowsTcp(ip("100.64.0.9"), SELF, 53));
        assertTrue(f.allows(PacketFilter.PROTO_UDP, ip("100.64.0.9"), SELF, 53));
    }

    @Test
    void unreadableEntriesAreCountedAndTheRestStillApplies() {
        PacketFilter f = filter("[7,{\"SrcIPs\":[\"not-an-ip\",\"100.64.0.1/33\",\"100.64.0.9\",5],"
                + "\"DstPorts\":[{\"IP\":\"100.64.0.2\",\"Ports\":{\"First\":30,\"Last\":20}},{\"IP\":\"100.64.0.2\",\"Ports\":{\"First\":22,\"Last\":22}}]},"
                + "{\"SrcIPs\":[\"*\"],\"CapGrant\":[{\"Dsts\":[\"100.64.0.2/32\"]}]},"
                + "{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":\"x\",\"Last\":1}}]}]");
        assertEquals(6, f.badEntries());
        assertTrue(f.allowsTcp(ip("100.64.0.9"), SELF, 22));
        assertFalse(f.allowsTcp(ip("100.64.0.1"), SELF, 22));
        assertFalse(f.allowsTcp(ip("100.64.0.9"), SELF, 25));
    }
}
