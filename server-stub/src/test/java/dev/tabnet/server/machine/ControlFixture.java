package dev.tabnet.server.machine;

import dev.tabnet.core.util.Hex;
import dev.tabnet.server.login.LoginRequests;
import dev.tabnet.server.login.OperatorCredential;
import dev.tabnet.server.tailnet.AclPolicy;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TestNodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** The control services wired together with a manual clock, as ServerStub wires them for real. */
final class ControlFixture implements AutoCloseable {
    static final String PASSWORD = "operator-password-1";
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final Tailnet tailnet = new Tailnet(clock::get, Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS, "tabnet.internal");
    final PreAuthKeys preAuthKeys = new PreAuthKeys(clock::get);
    final LoginRequests logins = new LoginRequests(clock::get, "http://127.0.0.1:8080/login/", OperatorCredential.of(PASSWORD));
    final RegisterService register = new RegisterService(tailnet, preAuthKeys, logins, Set.of("tag:browser"), clock::get);
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final DerpRegion derp = new DerpRegion(DerpRegion.DEFAULT_REGION_ID, "tabnet", "tabnet relay", "127.0.0.1", 8080, false);

    MapService mapService(AclPolicy acl, long keepAliveMillis) {
        return new MapService(tailnet, acl, derp, scheduler, keepAliveMillis);
    }

    static ClientContext client(int seed) {
        return new ClientContext(TestNodes.key(seed + 1000), "192.0.2.9", "Mozilla/5.0 (test)");
    }

    static Map<String, Object> registerRequest(int seed, String hostname) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Version", 130);
        r.put("NodeKey", "nodekey:" + Hex.encode(TestNodes.key(seed)));
        r.put("OldNodeKey", "nodekey:" + "0".repeat(64));
        r.put("Expiry", "0001-01-01T00:00:00Z");
        r.put("Hostinfo", Map.of("Hostname", hostname));
        r.put("Ephemeral", true);
        return r;
    }

    static Map<String, Object> mapRequest(int seed, boolean stream) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Version", 130);
        r.put("NodeKey", "nodekey:" + Hex.encode(TestNodes.key(seed)));
        r.put("DiscoKey", "discokey:" + Hex.encode(TestNodes.key(seed + 500)));
        r.put("Stream", stream);
        r.put("Hostinfo", Map.of("NetInfo", Map.of("PreferredDERP", DerpRegion.DEFAULT_REGION_ID)));
        return r;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
