package dev.tabnet.server.control.tailcfg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.KeyText;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tailcfg model against Tailscale's published MapResponse golden file and Go-shaped requests. */
class TailcfgModelTest {
    private static byte[] golden() throws Exception {
        try (InputStream in = TailcfgModelTest.class.getResourceAsStream("/tailcfg/map_response.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void goldenMapResponseParses() throws Exception {
        MapResponse m = Tailcfg.read(MapResponse.class, golden());
        assertEquals(6523515364831089L, m.Node.ID, "int64 node IDs beyond 2^32");
        assertEquals("tailscale-rs1.tail252fff.ts.net.", m.Node.Name);
        assertEquals(32, KeyText.parse(KeyText.NODE_PUBLIC, m.Node.Key).length);
        assertEquals("100.93.205.110/32", m.Node.Addresses.get(0));
        assertEquals("fd7a:115c:a1e0::b601:cd6e/128", m.Node.Addresses.get(1));
        assertEquals("tailscale-rs1", m.Node.Hostinfo.Hostname);
        assertTrue(m.Node.CapMap.containsKey("https://tailscale.com/cap/is-owner"));

        DERPRegion nyc = m.DERPMap.Regions.get("1");
        assertEquals(1, nyc.RegionID);
        assertEquals("nyc", nyc.RegionCode);
        assertEquals(4, nyc.Nodes.size());
        assertEquals("derp1h.tailscale.com", nyc.Nodes.get(0).HostName);
        assertEquals(Boolean.TRUE, nyc.Nodes.get(3).STUNOnly);
        assertEquals(40.7128, nyc.Latitude, 1e-9);

        assertEquals(5, m.PeersChanged.size());
        Node relay = m.PeersChanged.get(0);
        assertEquals("relay.tail252fff.ts.net.", relay.Name);
        assertEquals(Integer.valueOf(1), relay.HomeDERP);
        assertEquals("127.3.3.40:12", relay.DERP, "legacy DERP string under its JSON name");
        assertNull(relay.AllowedIPs, "null AllowedIPs = same as Addresses");
        assertEquals(Boolean.TRUE, relay.Online);
        assertEquals(Integer.valueOf(127), relay.Cap);
        assertEquals("peerapi4", relay.Hostinfo.Services.get(0).Proto);
        assertEquals(36297, relay.Hostinfo.Services.get(0).Port);

        assertTrue(m.DNSConfig.Routes.containsKey("tail252fff.ts.net."));
        assertNull(m.DNSConfig.Routes.get("tail252fff.ts.net."), "null route = MagicDNS handles it");
        assertEquals("199.247.155.53", m.DNSConfig.Routes.get("ts.net.").get(0).Addr);
        assertEquals(Boolean.TRUE, m.DNSConfig.Proxied);

        FilterRule r = m.PacketFilter.get(1);
        assertEquals("100.80.60.40", r.DstPorts.get(0).IP);
        assertEquals(0, r.DstPorts.get(0).Ports.First);
        assertEquals(65535, r.DstPorts.get(0).Ports.Last);
        assertEquals("bogus-test-tailscale@github", m.UserProfiles.get(0).LoginName);
        assertEquals(Boolean.TRUE, m.CollectServices);
        assertTrue(m.ControlTime.endsWith("Z"));
    }

    @Test
    void rewrittenResponseKeepsTheModelledFieldsAndOmitsNulls() throws Exception {
        MapResponse m = Tailcfg.read(MapResponse.class, golden());
        byte[] again = Tailcfg.write(m);
        MapResponse m2 = Tailcfg.read(MapResponse.class, again);
        assertEquals(m.Node.Key, m2.Node.Key);
        assertEquals(m.DERPMap.Regions.keySet(), m2.DERPMap.Regions.keySet());
        assertEquals(m.PeersChanged.get(0).Endpoints, m2.PeersChanged.get(0).Endpoints);
        String text = new String(again, StandardCharsets.UTF_8);
        assertFalse(text.contains("\"AllowedIPs\":null"), "absent, not null, when unset");
        assertFalse(text.contains("\"KeepAlive\""), "omitempty fields stay out");
    }

    @Test
    void goClientShapedRegisterRequestParses() throws Exception {
        String nodeKey = KeyText.format(KeyText.NODE_PUBLIC, new byte[32]).replace("nodekey:00", "nodekey:ab");
        // Member names as Go's encoder writes them (no struct tags = Go field names), zero values included.
        String json = "{\"Version\":145,\"NodeKey\":\"" + nodeKey + "\",\"OldNodeKey\":\"nodekey:" + "0".repeat(64) + "\","
                + "\"NLKey\":\"nlpub:" + "0".repeat(64) + "\",\"Auth\":{\"AuthKey\":\"tskey-test\"},"
                + "\"Expiry\":\"0001-01-01T00:00:00Z\",\"Followup\":\"\",\"Hostinfo\":{\"IPNVersion\":\"1.103.0\","
                + "\"BackendLogID\":\"abc\",\"OS\":\"js\",\"Hostname\":\"tab\",\"NetInfo\":{\"PreferredDERP\":999,"
                + "\"DERPLatency\":{\"999-v4\":0.012}}},\"Ephemeral\":true,\"NodeKeySignature\":null,\"Unknown\":[1,2]}";
        RegisterRequest r = Tailcfg.read(RegisterRequest.class, json.getBytes(StandardCharsets.UTF_8));
        assertEquals(145, r.Version);
        assertEquals(nodeKey, r.NodeKey);
        assertEquals("tskey-test", r.Auth.AuthKey);
        assertTrue(Tailcfg.isZeroTime(r.Expiry));
        assertEquals(Boolean.TRUE, r.Ephemeral);
        assertNull(r.NodeKeySignature);
        assertEquals(Integer.valueOf(999), r.Hostinfo.NetInfo.PreferredDERP);
        assertEquals(0.012, r.Hostinfo.NetInfo.DERPLatency.get("999-v4"), 1e-12);
    }

    @Test
    void memberNamesMatchCaseInsensitivelyLikeGo() throws Exception {
        MapRequest r = Tailcfg.read(MapRequest.class, "{\"version\":113,\"nodekey\":\"nodekey:x\",\"STREAM\":true}".getBytes(StandardCharsets.UTF_8));
        assertEquals(113, r.Version);
        assertEquals("nodekey:x", r.NodeKey);
        assertEquals(Boolean.TRUE, r.Stream);
    }

    @Test
    void registerResponseAlwaysCarriesGosNonOmittedMembers() throws Exception {
        RegisterResponse resp = new RegisterResponse();
        resp.AuthURL = "http://127.0.0.1/register/abc";
        Map<String, Object> m = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(new String(Tailcfg.write(resp), StandardCharsets.UTF_8));
        for (String k : new String[] {"User", "Login", "NodeKeyExpired", "MachineAuthorized", "AuthURL", "Error"}) {
            assertTrue(m.containsKey(k), k);
        }
        assertFalse(m.containsKey("NodeKeySignature"));
    }

    @Test
    void mapStreamFramingIsLittleEndianLength() throws Exception {
        MapResponse keepAlive = new MapResponse();
        keepAlive.KeepAlive = true;
        byte[] f = Tailcfg.frameMapResponse(keepAlive);
        String json = "{\"KeepAlive\":true}";
        assertEquals(json.length(), (f[0] & 0xff) | (f[1] & 0xff) << 8 | (f[2] & 0xff) << 16 | (f[3] & 0xff) << 24);
        assertEquals(json, new String(f, 4, f.length - 4, StandardCharsets.UTF_8));
    }
}
