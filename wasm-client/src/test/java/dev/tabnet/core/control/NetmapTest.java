package dev.tabnet.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.util.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MapResponse handling with messages in the shapes Tailscale's tailcfg and headscale produce. */
class NetmapTest {
    static final String K1 = "11".repeat(32), K2 = "22".repeat(32), K3 = "33".repeat(32), D2 = "d2".repeat(32);

    static String node(long id, String name, String key, String addr4, String extra) {
        return "{\"ID\":" + id + ",\"StableID\":\"n" + id + "\",\"Name\":\"" + name + ".tabnet.internal.\",\"User\":1,"
                + "\"Key\":\"nodekey:" + key + "\",\"Addresses\":[\"" + addr4 + "/32\",\"fd7a:115c:a1e0::" + id + "/128\"]" + extra + "}";
    }

    static Netmap.Changes apply(Netmap n, String json) {
        return n.apply(JsonReader.parse(json).asObject());
    }

    static final String FULL = "{\"Node\":" + node(1, "tab", K1, "100.64.0.1", ",\"HomeDERP\":900") + ","
            + "\"DERPMap\":{\"Regions\":{\"900\":{\"RegionID\":900,\"RegionCode\":\"tabnet\",\"RegionName\":\"tabnet relay\","
            + "\"Nodes\":[{\"Name\":\"900a\",\"RegionID\":900,\"HostName\":\"127.0.0.1\",\"DERPPort\":8080,\"InsecureForTests\":true}]},"
            + "\"901\":{\"RegionID\":901,\"RegionCode\":\"eu\",\"Nodes\":[{\"Name\":\"901a\",\"HostName\":\"derp.example\"},"
            + "{\"Name\":\"901s\",\"HostName\":\"stun.example\",\"STUNOnly\":true}]}}},"
            + "\"Peers\":[" + node(2, "prod", K2, "100.64.0.2", ",\"DiscoKey\":\"discokey:" + D2 + "\",\"DERP\":\"127.3.3.40:901\",\"Online\":true,\"Tags\":[\"tag:server\"],\"AllowedIPs\":null") + ","
            + node(3, "printer", K3, "100.64.0.3", ",\"AllowedIPs\":[\"100.64.0.3/32\",\"192.168.7.0/24\"]") + "],"
            + "\"Domain\":\"tabnet.internal\",\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}]}";

    @Test
    void fullMapGivesSelfPeersRelaysAndFilter() {
        Netmap n = new Netmap();
        Netmap.Changes c = apply(n, FULL);
        assertTrue(c.self && c.peers && c.derpMap && c.packetFilter);
        assertEquals("tab", n.self().shortName());
        assertEquals(IpAddress.parse("100.64.0.1"), n.self().primaryAddress());
        assertEquals(900, n.self().homeDerp);
        assertEquals(2, n.peers().size());

        NetmapPeer prod = n.find("prod");
        assertArrayEquals(Hex.decode(K2), prod.nodeKey());
        assertArrayEquals(Hex.decode(D2), prod.discoKey());
        assertEquals(901, prod.homeDerp, "legacy DERP string when HomeDERP is absent");
        assertEquals(List.of(IpPrefix.parse("100.64.0.2/32"), IpPrefix.parse("fd7a:115c:a1e0::2/128")), prod.allowedIps,
                "AllowedIPs null means the node's addresses");
        assertEquals(List.of("tag:server"), prod.tags);
        assertTrue(prod.online);
        assertEquals(prod, n.find("prod.tabnet.internal"));
        assertEquals(prod, n.find("prod.tabnet.internal."));
        assertEquals(prod, n.find("100.64.0.2"));
        assertEquals(prod, n.peerByKey(Hex.decode(K2)));
        assertArrayEquals(new byte[32], n.find("printer").discoKey());
        assertEquals(IpPrefix.parse("192.168.7.0/24"), n.find("printer").allowedIps.get(1));

        assertEquals("ws://127.0.0.1:8080/derp", n.derpMap().region(900).nodes.get(0).webSocketUrl());
        assertEquals("wss://derp.example/derp", n.derpMap().region(901).nodes.get(0).webSocketUrl());
        assertEquals(1, n.derpMap().region(901).nodes.size(), "STUN-only nodes are no relays");
        assertEquals("tabnet.internal", n.domain());
        assertEquals(1, n.packetFilter().size());
    }

    @Test
    void deltasAddChangeAndRemovePeers() {
        Netmap n = new Netmap();
        apply(n, FULL);
        assertTrue(apply(n, "{\"KeepAlive\":true}").keepAliveOnly);
        assertEquals(2, n.peers().size());

        Netmap.Changes added = apply(n, "{\"PeersChanged\":[" + node(4, "laptop", "44".repeat(32), "100.64.0.4", "") + "]}");
        assertTrue(added.peers && !added.self && !added.derpMap);
        assertEquals(3, n.peers().size());

        apply(n, "{\"PeersRemoved\":[3]}");
        assertNull(n.find("printer"));

        apply(n, "{\"PeersChangedPatch\":[{\"NodeID\":2,\"DERPRegion\":900,\"Online\":false}],\"OnlineChange\":{\"4\":true}}");
        assertEquals(900, n.find("prod").homeDerp);
        assertFalse(n.find("prod").online);
        assertTrue(n.find("laptop").online);
        assertEquals(2, n.peers().size());
        assertEquals(2, n.derpMap().regions.size(), "absent DERPMap means unchanged");
    }

    @Test
    void hostinfoOsAndSshHostKeysAreKept() {
        Netmap n = new Netmap();
        apply(n, FULL);
        assertEquals("", n.find("prod").os);
        assertTrue(n.find("prod").sshHostKeys.isEmpty());
        apply(n, "{\"PeersChanged\":[" + node(2, "prod", K2, "100.64.0.2", ",\"Hostinfo\":{\"Hostname\":\"prod\",\"OS\":\"linux\","
                + "\"SSH_HostKeys\":[\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAMiYfgIAFKHG9hqnpjVq1IxNdP/dJzymqW9zsmALHV\",7]}") + "]}");
        NetmapPeer prod = n.find("prod");
        assertEquals("linux", prod.os);
        assertEquals(List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAMiYfgIAFKHG9hqnpjVq1IxNdP/dJzymqW9zsmALHV"), prod.sshHostKeys, "non-strings are left out");
    }

    @Test
    void aNewFullPeerListReplacesTheOldOne() {
        Netmap n = new Netmap();
        apply(n, FULL);
        apply(n, "{\"Peers\":[" + node(5, "only", "55".repeat(32), "100.64.0.5", "") + "]}");
        assertEquals(1, n.peers().size());
        assertEquals("only", n.peers().get(0).shortName());
    }

    @Test
    void aMalformedMessageIsRefusedWholeAndChangesNothing() {
        Netmap n = new Netmap();
        apply(n, FULL);
        JsonException e = assertThrows(JsonException.class, () -> apply(n,
                "{\"Node\":" + node(1, "renamed", K1, "100.64.0.1", "") + ",\"PeersChanged\":[" + node(6, "bad", "zz", "100.64.0.6", "") + "]}"));
        assertTrue(e.getMessage().contains("nodekey:"), e.getMessage());
        assertEquals("tab", n.self().shortName(), "the valid Node field of the bad message was not applied either");
        assertThrows(JsonException.class, () -> apply(n, "{\"Peers\":[" + node(7, "x", K1, "100.64.0.999", "") + "]}"));
        assertEquals(2, n.peers().size());
    }
}
