package dev.tabnet.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.ServerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --node / --forward and their environment forms. */
class NodeFlagsTest {
    static List<String> forwards(ServerConfig c) {
        return c.forwards().stream().map(ForwardSpec::toString).toList();
    }

    @Test
    void offByDefault() {
        ServerConfig c = ServerConfig.parse(new String[0], Map.of());
        assertNull(c.nodeName());
        assertTrue(c.forwards().isEmpty());
    }

    @Test
    void flagsNameTheNodeAndRepeatForwards() {
        ServerConfig c = ServerConfig.parse(new String[] {"--node", "box", "--forward", "22=127.0.0.1:22", "--forward", "8080=[::1]:80"}, Map.of());
        assertEquals("box", c.nodeName());
        assertEquals(List.of("22=127.0.0.1:22", "8080=[::1]:80"), forwards(c));
        assertEquals("::1", c.forwards().get(1).targetHost);
    }

    @Test
    void environmentFormsAndFlagsWin() {
        Map<String, String> env = Map.of("TABNET_NODE", "envbox", "TABNET_FORWARD", "22=127.0.0.1:22, 80=10.0.0.5:8080");
        ServerConfig c = ServerConfig.parse(new String[0], env);
        assertEquals("envbox", c.nodeName());
        assertEquals(List.of("22=127.0.0.1:22", "80=10.0.0.5:8080"), forwards(c));
        ServerConfig f = ServerConfig.parse(new String[] {"--node", "flagbox", "--forward", "2222=127.0.0.1:22"}, env);
        assertEquals("flagbox", f.nodeName());
        assertEquals(List.of("2222=127.0.0.1:22"), forwards(f), "--forward replaces the environment's list");
    }

    @Test
    void aForwardAloneStartsTheNodeUnderTheDefaultName() {
        ServerConfig c = ServerConfig.parse(new String[] {"--forward", "22=127.0.0.1:22"}, Map.of());
        assertEquals(ServerConfig.DEFAULT_NODE_NAME, c.nodeName());
    }

    @Test
    void forwardHostKeysComesFromTheFlagOrTheEnvironment() {
        assertEquals("/etc/ssh/keys.pub", ServerConfig.parse(new String[] {"--forward-host-keys", "/etc/ssh/keys.pub"}, Map.of()).forwardHostKeysFile());
        assertEquals("/k", ServerConfig.parse(new String[0], Map.of("TABNET_FORWARD_HOST_KEYS", "/k")).forwardHostKeysFile());
        assertEquals(null, ServerConfig.parse(new String[0], Map.of()).forwardHostKeysFile());
        assertTrue(ServerConfig.usage().contains("--forward-host-keys FILE"), ServerConfig.usage());
    }

    @Test
    void badForwardsAreUsageErrors() {
        for (String bad : new String[] {"22", "22=host", "=h:1", "0=h:22", "22=h:70000", "x=h:1", "22=:22"}) {
            ServerConfig.UsageException e = assertThrows(ServerConfig.UsageException.class,
                    () -> ServerConfig.parse(new String[] {"--forward", bad}, Map.of()), bad);
            assertTrue(e.getMessage().contains("forward") || e.getMessage().contains("port"), e.getMessage());
        }
        assertThrows(ServerConfig.UsageException.class, () -> ServerConfig.parse(new String[] {"--node"}, Map.of()));
    }
}
