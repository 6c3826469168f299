package dev.tabnet.server.tailnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TailnetTest {
    final AtomicLong clock = new AtomicLong(1_000_000);
    final Tailnet tailnet = new Tailnet(clock::get, Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS, "tabnet.internal");
    final List<String> events = new ArrayList<>();

    TailnetTest() {
        tailnet.addListener(new TailnetListener() {
            @Override
            public void nodeAdded(TailnetNode node) {
                events.add("+" + node.label);
            }

            @Override
            public void nodeRemoved(TailnetNode node, String why) {
                events.add("-" + node.label + " (" + why + ")");
            }
        });
    }

    @Test
    void registrationAssignsAddressNameAndIsIdempotentPerNodeKey() {
        TailnetNode a = tailnet.register(TestNodes.registration(1, "Laptop", true));
        TailnetNode again = tailnet.register(TestNodes.registration(1, "Laptop", true));
        TailnetNode b = tailnet.register(TestNodes.registration(2, "laptop", false));
        assertSame(a, again);
        assertEquals("laptop.tabnet.internal.", a.fqdn);
        assertEquals("laptop-2.tabnet.internal.", b.fqdn);
        assertEquals("100.64.0.1", a.addresses.ipv4Text());
        assertEquals("100.64.0.2", b.addresses.ipv4Text());
        assertTrue(tailnet.knows(TestNodes.key(1)));
        assertFalse(tailnet.knows(TestNodes.key(3)));
        assertEquals(List.of("+laptop", "+laptop-2"), events);
    }

    @Test
    void ephemeralNodeIsForgottenAfterItsLastConnectionCloses() {
        TailnetNode tab = tailnet.register(TestNodes.registration(1, "tab", true));
        TailnetNode server = tailnet.register(TestNodes.registration(2, "server", false));
        tailnet.connectionOpened(tab, Tailnet.Connection.CONTROL_STREAM);
        tailnet.connectionOpened(tab, Tailnet.Connection.RELAY);
        clock.addAndGet(3_600_000);
        assertEquals(0, tailnet.expireInactive(), "an active tab stays however long it lives");

        tailnet.connectionClosed(tab, Tailnet.Connection.CONTROL_STREAM);
        clock.addAndGet(Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS * 2);
        assertEquals(0, tailnet.expireInactive(), "still has its relay connection");

        tailnet.connectionClosed(tab, Tailnet.Connection.RELAY);
        clock.addAndGet(Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS - 1);
        assertEquals(0, tailnet.expireInactive());
        clock.addAndGet(1);
        assertEquals(1, tailnet.expireInactive());
        assertNull(tailnet.byNodeKey(TestNodes.key(1)));
        assertNotNull(tailnet.byNodeKey(TestNodes.key(2)), "non-ephemeral nodes stay while offline");
        assertEquals("-tab (ephemeral node inactive)", events.get(events.size() - 1));
        assertFalse(tailnet.isActive(server));
    }

    @Test
    void aReconnectWithinTheTimeoutKeepsTheNode() {
        TailnetNode tab = tailnet.register(TestNodes.registration(1, "tab", true));
        tailnet.connectionOpened(tab, Tailnet.Connection.RELAY);
        tailnet.connectionClosed(tab, Tailnet.Connection.RELAY);
        clock.addAndGet(5_000);
        tailnet.connectionOpened(tab, Tailnet.Connection.RELAY);
        clock.addAndGet(60_000);
        assertEquals(0, tailnet.expireInactive());
    }

    @Test
    void removeReleasesTheAddress() {
        TailnetNode a = tailnet.register(TestNodes.registration(1, "a", true));
        assertTrue(tailnet.remove(a.id, "revoked"));
        assertFalse(tailnet.remove(a.id, "revoked"));
        assertEquals("100.64.0.1", tailnet.register(TestNodes.registration(2, "b", true)).addresses.ipv4Text());
    }
}
