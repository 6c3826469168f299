package dev.tabnet.server.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class MagicDnsTest {
    @Test
    void hostnamesBecomeOneLowerCaseLabel() {
        assertEquals("my-laptop", MagicDns.label("My Laptop"));
        assertEquals("db1", MagicDns.label("db1.corp.example.com"));
        assertEquals("chrome-on-linux", MagicDns.label("--Chrome_on__Linux!!"));
        assertEquals("node", MagicDns.label("ü€"));
        assertEquals("node", MagicDns.label(null));
        assertEquals(63, MagicDns.label("x".repeat(100)).length());
    }

    @Test
    void duplicatesGetANumericSuffix() {
        assertEquals("tab", MagicDns.unique("tab", Set.of("other")));
        assertEquals("tab-2", MagicDns.unique("tab", Set.of("tab")));
        assertEquals("tab-3", MagicDns.unique("tab", Set.of("tab", "tab-2")));
        String long63 = "y".repeat(63);
        assertEquals("y".repeat(61) + "-2", MagicDns.unique(long63, Set.of(long63)));
    }

    @Test
    void fqdnHasTheTrailingDotTailscaleUses() {
        assertEquals("tab.tabnet.internal.", MagicDns.fqdn("tab", MagicDns.DEFAULT_DOMAIN));
    }
}
