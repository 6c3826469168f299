package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WebSocketReadLimitTest {
    @Test
    void theAskIsAppendedToTheRelayUrl() {
        assertEquals("wss://relay.example/derp?read-limit=262144", WebSocketReadLimit.ask("wss://relay.example/derp", 262144));
        assertEquals("ws://h:8080/derp?x=1&read-limit=65536", WebSocketReadLimit.ask("ws://h:8080/derp?x=1", 65536));
    }

    @Test
    void aClientThatDoesNotAskGetsWhatTailscaleClientsRead() {
        assertEquals(32768, WebSocketReadLimit.granted(null));
        assertEquals(32768, WebSocketReadLimit.granted(""));
        assertEquals(32768, WebSocketReadLimit.granted("other=262144"));
        assertEquals(32768, WebSocketReadLimit.granted("xread-limit=262144"));
    }

    @Test
    void theAskIsClampedAndMalformedAsksAreIgnored() {
        assertEquals(65536, WebSocketReadLimit.granted("read-limit=65536"));
        assertEquals(65536, WebSocketReadLimit.granted("a=b&read-limit=65536&c=d"));
        assertEquals(262144, WebSocketReadLimit.granted("read-limit=262144"));
        assertEquals(262144, WebSocketReadLimit.granted("read-limit=999999999999999999999999"), "saturates at MAX");
        assertEquals(32768, WebSocketReadLimit.granted("read-limit=1"), "never below what every client reads");
        assertEquals(32768, WebSocketReadLimit.granted("read-limit="));
        assertEquals(32768, WebSocketReadLimit.granted("read-limit=-5"));
        assertEquals(32768, WebSocketReadLimit.granted("read-limit=12a"));
        assertEquals(32768, WebSocketReadLimit.granted("read-limit=0x40000"));
    }
}
