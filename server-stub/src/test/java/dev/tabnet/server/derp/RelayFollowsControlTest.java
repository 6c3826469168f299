package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The product server: its relay admits only registered node keys and drops removed nodes. */
class RelayFollowsControlTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void onlyRegisteredNodesUseTheRelayAndRemovalDisconnects() throws Exception {
        ServerStub stub = new ServerStub(ServerConfig.defaults().port(0)).start();
        try (RawDerpSocket stranger = new RawDerpSocket(stub.port()); RawDerpSocket member = new RawDerpSocket(stub.port())) {
            Tailnet tailnet = stub.control().tailnet;
            TailnetNode node = tailnet.register(new TailnetNode.Registration(member.publicKey, new byte[32], "tab", true,
                    Set.of(), "test", "127.0.0.1", "JUnit"));

            assertNull(stranger.login(), "unknown key: no ServerInfo");
            assertTrue(stranger.awaitClosed(T).contains("not admitted"));

            assertNotNull(member.login(), "registered key admitted");
            assertTrue(stub.derpRelay().isConnected(member.publicKey));
            assertTrue(tailnet.isActive(node), "a relay connection counts as activity");

            assertTrue(tailnet.remove(node.id, "revoked by test"));
            String close = member.awaitClosed(T);
            assertTrue(close.contains("node removed from the tailnet"), close);
            assertFalse(stub.derpRelay().isConnected(member.publicKey));
            assertEquals(1, stub.derpRelay().stats().rejectedByAdmission.get());
        } finally {
            stub.close();
        }
    }
}
