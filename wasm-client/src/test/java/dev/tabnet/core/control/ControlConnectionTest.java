package dev.tabnet.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.noise.NoiseConn;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The composed client channel against a server-side {@link NoiseConn} (the wire to a real HTTP/2
 * server is covered by ControlConnectionEndToEndTest in server-stub): byte plumbing, early payload,
 * and failure propagation.
 */
class ControlConnectionTest {
    private final SeededEntropy entropy = new SeededEntropy(5);
    private final MachineKey machine = MachineKey.generate(entropy);
    private final MachineKey control = MachineKey.generate(entropy);
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    // RFC 9113 §6.5: empty SETTINGS, and the SETTINGS acknowledgement.
    private static final byte[] SETTINGS = Hex.decode("000000 04 00 00000000");
    private static final byte[] SETTINGS_ACK = Hex.decode("000000 04 01 00000000");

    private ControlConnection open() {
        return ControlConnection.open(machine, control.publicKey(), 145, new Http2Config(), null, entropy, 0);
    }

    private static byte[] drain(ControlConnection c) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (c.hasNetworkOutput()) out.writeBytes(c.takeNetworkOutput(NoiseConn.MAX_WEBSOCKET_MESSAGE));
        return out.toByteArray();
    }

    @Test
    void nothingLeavesBeforeTheServerAnswers() {
        ControlConnection c = open();
        assertEquals(ControlConnection.State.HANDSHAKING, c.state());
        assertEquals(0, drain(c).length, "the HTTP/2 preface waits: it can only be encrypted after the response");
        assertEquals(101, c.initiationMessage().length);
    }

    @Test
    void wholeExchangeWithAServerNoiseConn() {
        ControlConnection c = open();
        NoiseConn server = NoiseConn.server(control.privateKey(), entropy, 0);
        server.acceptInitiation(c.initiationMessage());
        byte[] json = "{\"nodeKeyChallenge\":\"chalpub:ab\"}".getBytes(StandardCharsets.UTF_8);
        server.send(Bytes.concat(EarlyPayload.encode(json), SETTINGS));
        byte[] toClient = server.takeOutbound();
        for (int i = 0; i < toClient.length; i += 7) c.onNetworkBytes(toClient, i, Math.min(7, toClient.length - i), 1);
        assertEquals(ControlConnection.State.OPEN, c.state());
        assertArrayEquals(json, c.earlyPayload());
        server.receive(drain(c), 2);
        byte[] plain = server.takePlaintext();
        assertArrayEquals(PREFACE, Bytes.slice(plain, 0, PREFACE.length), "HTTP/2 preface first, inside Noise");
        assertArrayEquals(SETTINGS_ACK, Bytes.slice(plain, plain.length - SETTINGS_ACK.length, SETTINGS_ACK.length),
                "the server's SETTINGS reached HTTP/2 past the early payload and were acknowledged");
        assertNull(c.failure());
    }

    @Test
    void handshakeFailureClosesTheChannelAndResetsQueuedRequests() {
        ControlConnection c = open();
        boolean[] reset = {false};
        c.request("POST", "/machine/register", null, "{}".getBytes(StandardCharsets.UTF_8), new Http2StreamListener() {
            @Override
            public void onReset(Http2Stream s, int code, boolean refused, String reason) {
                reset[0] = true;
            }
        });
        // A server with another key cannot answer; a forged response fails authentication.
        byte[] forged = new byte[51];
        forged[0] = 2;
        forged[2] = 48;
        c.onNetworkBytes(forged, 0, forged.length, 1);
        assertEquals(ControlConnection.State.CLOSED, c.state());
        assertTrue(c.failure().startsWith("handshake authentication failed"), c.failure());
        assertTrue(reset[0], "the queued request learns that it will never be answered");
        assertEquals(0, drain(c).length);
    }

    @Test
    void serverErrorTextIsReported() {
        ControlConnection c = open();
        NoiseConn server = NoiseConn.server(control.privateKey(), entropy, 0);
        server.acceptInitiation(new byte[7]);
        byte[] err = server.takeOutbound();
        c.onNetworkBytes(err, 0, err.length, 1);
        assertTrue(c.failure().contains("wrong handshake initiation size"), c.failure());
    }

    @Test
    void transportCloseResetsOpenStreams() {
        ControlConnection c = open();
        NoiseConn server = NoiseConn.server(control.privateKey(), entropy, 0);
        server.acceptInitiation(c.initiationMessage());
        byte[] resp = server.takeOutbound();
        c.onNetworkBytes(resp, 0, resp.length, 1);
        String[] why = {null};
        c.request("POST", "/machine/map", null, "{}".getBytes(StandardCharsets.UTF_8), new Http2StreamListener() {
            @Override
            public void onReset(Http2Stream s, int code, boolean refused, String reason) {
                why[0] = reason;
            }
        });
        c.onTransportClosed();
        assertEquals(ControlConnection.State.CLOSED, c.state());
        assertNotNull(why[0]);
        assertEquals("transport closed", c.failure());
    }

    @Test
    void handshakeTimeoutIsAFailure() {
        ControlConnection c = open();
        c.poll(c.nextDeadline());
        assertEquals(ControlConnection.State.CLOSED, c.state());
        assertEquals("handshake timed out", c.failure());
    }
}
