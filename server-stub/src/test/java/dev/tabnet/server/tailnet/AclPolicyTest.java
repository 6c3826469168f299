package dev.tabnet.server.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclPolicyTest {
    final Tailnet tailnet = new Tailnet(() -> 0L, 1000, "t.internal");
    final TailnetNode browser = tailnet.register(TestNodes.registration(1, "tab", true, "tag:browser"));
    final TailnetNode server = tailnet.register(TestNodes.registration(2, "prod", false, "tag:server"));
    final TailnetNode other = tailnet.register(TestNodes.registration(3, "printer", false));

    static final String POLICY = "{\n"
            + "  // browsers may SSH to servers and reach their web ports\n"
            + "  \"acls\": [\n"
            + "    {\"action\": \"accept\", \"src\": [\"tag:browser\"], \"dst\": [\"tag:server:22,8000-8100\"]},\n"
            + "    {\"action\": \"accept\", \"src\": [\"prod\"], \"dst\": [\"100.64.0.3:631\"]},\n"
            + "  ]\n"
            + "}";

    @Test
    void rulesGrantTheNamedPortsOnly() {
        AclPolicy p = AclPolicy.parse(POLICY);
        assertTrue(p.allows(browser, server, 22));
        assertTrue(p.allows(browser, server, 8080));
        assertFalse(p.allows(browser, server, 23));
        assertFalse(p.allows(server, browser, 22), "rules are one-way");
        assertTrue(p.allows(server, other, 631));
        assertFalse(p.allows(browser, other, 631));
    }

    @Test
    void netmapsShowPeersReachableEitherWay() {
        AclPolicy p = AclPolicy.parse(POLICY);
        assertTrue(p.visible(browser, server));
        assertTrue(p.visible(server, browser));
        assertFalse(p.visible(browser, other));
        assertTrue(p.visible(other, server));
    }

    @Test
    void packetFilterListsWhoMayArriveOnWhichPorts() {
        AclPolicy p = AclPolicy.parse(POLICY);
        List<Map<String, Object>> f = p.packetFilterFor(server, tailnet.nodes());
        assertEquals(1, f.size());
        assertEquals(List.of("100.64.0.1", "fd7a:115c:a1e0::1"), f.get(0).get("SrcIPs"));
        List<?> dst = (List<?>) f.get(0).get("DstPorts");
        assertEquals(4, dst.size(), "2 port ranges x 2 addresses");
        assertEquals(Map.of("IP", "100.64.0.2", "Ports", Map.of("First", 22, "Last", 22)), dst.get(0));
        assertEquals(List.of(), p.packetFilterFor(browser, tailnet.nodes()), "nothing may open connections to the tab");
    }

    @Test
    void defaultPolicyAllowsEverything() {
        AclPolicy p = AclPolicy.allowAll();
        assertTrue(p.allows(other, browser, 5));
        assertEquals(List.of("*"), p.packetFilterFor(browser, tailnet.nodes()).get(0).get("SrcIPs"));
    }

    @Test
    void badPoliciesAreRejectedWithTheirLocation() {
        assertEquals("ACL needs an \"acls\" list", assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse("{}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse(
                "{\"acls\":[{\"action\":\"accept\",\"src\":[\"*\"],\"dst\":[\"tag:x\"]}]}")).getMessage().contains("acls[0]: destination \"tag:x\" needs :ports"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse(
                "{\"acls\":[{\"action\":\"drop\",\"src\":[\"*\"],\"dst\":[\"*:*\"]}]}")).getMessage().contains("action must be \"accept\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse(
                "{\"acls\":[{\"action\":\"accept\",\"src\":[\"*\"],\"dst\":[\"*:99999\"]}]}")).getMessage().contains("bad port range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse(
                "{\"acls\":[{\"action\":\"accept\",\"src\":[\"10.0.0.0/33\"],\"dst\":[\"*:*\"]}]}")).getMessage().contains("bad prefix length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AclPolicy.parse("{\"acls\": [")).getMessage().startsWith("ACL is not valid JSON"));
    }

    @Test
    void cidrSelectorsMatchBothAddressFamilies() {
        AclPolicy p = AclPolicy.parse("{\"acls\":[{\"action\":\"accept\",\"src\":[\"fd7a:115c:a1e0::/120\"],\"dst\":[\"100.64.0.0/30:*\"]}]}");
        assertTrue(p.allows(browser, server, 1));
        assertTrue(p.allows(server, browser, 1));
        assertTrue(p.allows(browser, other, 1), "100.64.0.3 is inside 100.64.0.0/30");
        assertFalse(AclPolicy.parse("{\"acls\":[{\"action\":\"accept\",\"src\":[\"*\"],\"dst\":[\"100.64.0.0/31:*\"]}]}").allows(browser, other, 1));
    }
}
