package dev.tabnet.server.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.tailnet.AclPolicy;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import dev.tabnet.server.tailnet.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MapSessionTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    final ControlFixture f = new ControlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    TailnetNode join(int seed, String name, Set<String> tags) {
        PreAuthKeys.PreAuthKey k = f.preAuthKeys.create(false, tags.contains("tag:browser"), tags, 60_000);
        Map<String, Object> req = ControlFixture.registerRequest(seed, name);
        req.put("Auth", Map.of("AuthKey", k.text));
        f.register.register(ControlFixture.client(seed), req).join();
        return f.tailnet.byNodeKey(TestNodes.key(seed));
    }

    @Test
    void firstMessageIsTheFullNetmapThenJoinsAndLeavesArriveAsDeltas() throws Exception {
        TailnetNode server = join(2, "prod", Set.of("tag:server"));
        TailnetNode tab = join(1, "tab", Set.of("tag:browser"));
        RecordingSink sink = new RecordingSink();
        MapSession session = f.mapService(AclPolicy.allowAll(), 60_000).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), sink);

        Map<String, Object> full = sink.next(WAIT);
        Map<?, ?> self = (Map<?, ?>) full.get("Node");
        assertEquals("tab.tabnet.internal.", self.get("Name"));
        assertEquals(List.of("100.64.0.2/32", "fd7a:115c:a1e0::2/128"), self.get("Addresses"));
        assertEquals(DerpRegion.DEFAULT_REGION_ID, self.get("HomeDERP"), "PreferredDERP from the request's NetInfo");
        List<?> peers = (List<?>) full.get("Peers");
        assertEquals(1, peers.size());
        assertEquals(server.nodeKeyText(), ((Map<?, ?>) peers.get(0)).get("Key"));
        Map<?, ?> regions = (Map<?, ?>) ((Map<?, ?>) full.get("DERPMap")).get("Regions");
        assertTrue(regions.containsKey("900"), "region IDs are JSON string keys");
        assertTrue(f.tailnet.isActive(tab));

        TailnetNode other = join(3, "laptop", Set.of());
        Map<String, Object> added = sink.next(WAIT);
        assertEquals("laptop.tabnet.internal.", ((Map<?, ?>) ((List<?>) added.get("PeersChanged")).get(0)).get("Name"));

        f.tailnet.remove(other.id, "revoked");
        Map<String, Object> removed = sink.next(WAIT);
        assertEquals(List.of((int) other.id), removed.get("PeersRemoved"));
        assertNull(removed.get("PeersChanged"));

        session.close();
        assertTrue(sink.closed);
        f.clock.addAndGet(Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS);
        f.tailnet.expireInactive();
        assertNull(f.tailnet.byNodeKey(TestNodes.key(1)), "the tab's ephemeral node is gone once its stream is closed");
    }

    @Test
    void aPeerThatLeavesIsRemovedFromTheOthersNetmap() throws Exception {
        join(2, "prod", Set.of("tag:server"));
        TailnetNode tab = join(1, "tab", Set.of("tag:browser"));
        RecordingSink serverSink = new RecordingSink();
        f.mapService(AclPolicy.allowAll(), 60_000).open(ControlFixture.client(2), ControlFixture.mapRequest(2, true), serverSink);
        assertEquals(1, ((List<?>) serverSink.next(WAIT).get("Peers")).size());

        RecordingSink tabSink = new RecordingSink();
        MapSession tabSession = f.mapService(AclPolicy.allowAll(), 60_000).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), tabSink);
        tabSink.next(WAIT);
        Map<String, Object> discoUpdate = serverSink.next(WAIT);
        assertTrue(((Map<?, ?>) ((List<?>) discoUpdate.get("PeersChanged")).get(0)).get("DiscoKey").toString().startsWith("discokey:"));

        Map<?, ?> online = (Map<?, ?>) ((List<?>) serverSink.next(WAIT).get("PeersChanged")).get(0);
        assertEquals(true, online.get("Online"), "the tab's stream opened: it is online");

        tabSession.close(); // the tab closed
        Map<?, ?> offline = (Map<?, ?>) ((List<?>) serverSink.next(WAIT).get("PeersChanged")).get(0);
        assertEquals(false, offline.get("Online"), "no stream and no relay left: offline");
        f.clock.addAndGet(Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS);
        assertEquals(1, f.tailnet.expireInactive());
        Map<String, Object> gone = serverSink.next(WAIT);
        assertEquals(List.of((int) tab.id), gone.get("PeersRemoved"));
    }

    @Test
    void aclHidesUnreachablePeersAndShapesThePacketFilter() throws Exception {
        join(2, "prod", Set.of("tag:server"));
        join(3, "printer", Set.of());
        join(1, "tab", Set.of("tag:browser"));
        AclPolicy acl = AclPolicy.parse("{\"acls\":[{\"action\":\"accept\",\"src\":[\"tag:browser\"],\"dst\":[\"tag:server:22\"]}]}");
        RecordingSink tab = new RecordingSink(), prod = new RecordingSink();
        f.mapService(acl, 60_000).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), tab);
        f.mapService(acl, 60_000).open(ControlFixture.client(2), ControlFixture.mapRequest(2, true), prod);
        Map<String, Object> tabMap = tab.next(WAIT);
        assertEquals(1, ((List<?>) tabMap.get("Peers")).size(), "the printer is invisible to the tab");
        assertEquals(List.of(), tabMap.get("PacketFilter"), "nobody may connect to the tab");
        Map<String, Object> prodMap = prod.next(WAIT);
        Map<?, ?> rule = (Map<?, ?>) ((List<?>) prodMap.get("PacketFilter")).get(0);
        assertEquals(List.of("100.64.0.3", "fd7a:115c:a1e0::3"), rule.get("SrcIPs"));
    }

    @Test
    void everyCloseHookRunsOnceWhenTheSessionCloses() throws Exception {
        join(1, "tab", Set.of("tag:browser"));
        MapSession session = f.mapService(AclPolicy.allowAll(), 60_000).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), new RecordingSink());
        List<String> ran = new java.util.ArrayList<>();
        session.onClosed(() -> ran.add("first"));
        session.onClosed(() -> ran.add("second"));
        assertEquals(List.of(), ran);
        session.close();
        session.close();
        assertEquals(List.of("first", "second"), ran);
        session.onClosed(() -> ran.add("late"));
        assertEquals(List.of("first", "second", "late"), ran, "a hook added after the close runs at once");
    }

    @Test
    void keepAlivesFillTheSilence() throws Exception {
        join(1, "tab", Set.of("tag:browser"));
        RecordingSink sink = new RecordingSink();
        f.mapService(AclPolicy.allowAll(), 50).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), sink);
        sink.next(WAIT);
        assertEquals(Map.of("KeepAlive", true), sink.next(Duration.ofSeconds(2)));
    }

    @Test
    void requestsForUnknownNodesOrForeignMachinesOrOldClientsAreRefused() {
        join(1, "tab", Set.of("tag:browser"));
        MapService svc = f.mapService(AclPolicy.allowAll(), 60_000);
        assertEquals(404, assertThrows(MapRequestException.class, () -> svc.open(ControlFixture.client(5), ControlFixture.mapRequest(5, true), new RecordingSink())).status);
        assertEquals(404, assertThrows(MapRequestException.class, () -> svc.open(ControlFixture.client(9), ControlFixture.mapRequest(1, true), new RecordingSink())).status);
        Map<String, Object> old = ControlFixture.mapRequest(1, true);
        old.put("Version", 90);
        assertEquals(400, assertThrows(MapRequestException.class, () -> svc.open(ControlFixture.client(1), old, new RecordingSink())).status);
    }

    @Test
    void aRevokedNodeLosesItsStream() throws Exception {
        TailnetNode tab = join(1, "tab", Set.of("tag:browser"));
        RecordingSink sink = new RecordingSink();
        f.mapService(AclPolicy.allowAll(), 60_000).open(ControlFixture.client(1), ControlFixture.mapRequest(1, true), sink);
        sink.next(WAIT);
        f.tailnet.remove(tab.id, "revoked by the operator");
        assertTrue(sink.closed);
    }
}
