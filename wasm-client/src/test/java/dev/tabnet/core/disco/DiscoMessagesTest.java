package dev.tabnet.core.disco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.testutil.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Disco payloads against tailscale disco_test.go TestMarshalAndParse (vectors/disco_messages.txt). */
class DiscoMessagesTest {
    private static final Vectors V = Vectors.load("/vectors/disco_messages.txt");
    private final byte[] tx = V.hex("input.txid"), key = V.hex("input.key");

    private static void assertGolden(String name, DiscoMessage m) throws Exception {
        assertArrayEquals(V.hex("want." + name), m.marshal(), name);
        DiscoMessage back = DiscoMessage.parse(V.hex("want." + name));
        assertEquals(m.type(), back.type(), name);
        assertArrayEquals(V.hex("want." + name), back.marshal(), name + " parse-back");
    }

    @Test
    void magicIsTsSpeechBalloon() {
        assertArrayEquals("TS\uD83D\uDCAC".getBytes(StandardCharsets.UTF_8), DiscoConstants.MAGIC);
    }

    @Test
    void pings() throws Exception {
        assertGolden("ping", new DiscoMessage.Ping(tx, null, 0));
        assertGolden("ping_with_nodekey_src", new DiscoMessage.Ping(tx, key, 0));
        assertGolden("ping_with_padding", new DiscoMessage.Ping(tx, null, 3));
        assertGolden("ping_with_padding_and_nodekey_src", new DiscoMessage.Ping(tx, key, 3));
        DiscoMessage.Ping p = (DiscoMessage.Ping) DiscoMessage.parse(V.hex("want.ping_with_padding_and_nodekey_src"));
        assertArrayEquals(tx, p.txId);
        assertArrayEquals(key, p.nodeKey);
        assertEquals(3, p.padding);
        assertNull(((DiscoMessage.Ping) DiscoMessage.parse(V.hex("want.ping"))).nodeKey);
    }

    @Test
    void pongs() throws Exception {
        assertGolden("pong", new DiscoMessage.Pong(tx, V.hex("input.pong.ip16"), 1234));
        assertGolden("pongv6", new DiscoMessage.Pong(tx, V.hex("input.pongv6.ip16"), 6666));
        DiscoMessage.Pong p = (DiscoMessage.Pong) DiscoMessage.parse(V.hex("want.pongv6"));
        assertEquals(6666, p.port);
        assertArrayEquals(V.hex("input.pongv6.ip16"), p.ip16);
    }

    @Test
    void callMeMaybe() throws Exception {
        assertGolden("call_me_maybe", new DiscoMessage.CallMeMaybe(List.of()));
        assertGolden("call_me_maybe_endpoints", new DiscoMessage.CallMeMaybe(List.of(
                new DiscoMessage.Endpoint(V.hex("input.ep1.ip16"), 567), new DiscoMessage.Endpoint(V.hex("input.ep2.ip16"), 789))));
        DiscoMessage.CallMeMaybe c = (DiscoMessage.CallMeMaybe) DiscoMessage.parse(V.hex("want.call_me_maybe_endpoints"));
        assertEquals(2, c.myNumber.size());
        assertEquals(789, c.myNumber.get(1).port);
    }

    @Test
    void bindUdpRelayEndpointHandshake() throws Exception {
        String[] names = {"bind_udp_relay_endpoint", "bind_udp_relay_endpoint_challenge", "bind_udp_relay_endpoint_answer"};
        for (int i = 0; i < 3; i++) {
            assertGolden(names[i], new DiscoMessage.BindUdpRelayEndpoint(DiscoConstants.TYPE_BIND_UDP_RELAY_ENDPOINT + i,
                    1, 2, key, V.hex("input.challenge")));
        }
    }

    @Test
    void relayAllocationTypesAreRecognisedAndKeptRaw() throws Exception {
        String[] names = {"call_me_maybe_via", "allocate_udp_relay_endpoint_request", "allocate_udp_relay_endpoint_response"};
        for (int i = 0; i < 3; i++) {
            DiscoMessage m = DiscoMessage.parse(V.hex("want." + names[i]));
            assertInstanceOf(DiscoMessage.Unsupported.class, m);
            assertEquals(DiscoConstants.TYPE_CALL_ME_MAYBE_VIA + i, m.type());
            assertArrayEquals(V.hex("want." + names[i]), m.marshal());
        }
    }

    @Test
    void shortAndUnknownMessagesAreErrors() {
        assertThrows(DiscoException.class, () -> DiscoMessage.parse(new byte[] {1}));
        assertThrows(DiscoException.class, () -> DiscoMessage.parse(new byte[] {1, 0, 1, 2}));
        assertThrows(DiscoException.class, () -> DiscoMessage.parse(new byte[] {2, 0, 1}));
        DiscoException e = assertThrows(DiscoException.class, () -> DiscoMessage.parse(new byte[] {0x7f, 0}));
        assertTrue(e.getMessage().contains("unknown message type"));
    }
}
