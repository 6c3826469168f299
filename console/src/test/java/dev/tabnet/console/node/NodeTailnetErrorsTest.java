package dev.tabnet.console.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.console.tailnet.Tailnet;
import dev.tabnet.core.control.KeyText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node's behaviour at the edges, with a scripted platform: what it asks for, and the words it
 * shows when the control server answers badly or not at all. (The happy path runs against the
 * real server in server-stub's NodeTailnetEndToEndTest.)
 */
class NodeTailnetErrorsTest {
    private final ScriptedPlatform platform = new ScriptedPlatform();
    private final List<String> phases = new ArrayList<>();
    private final NodeTailnet node = new NodeTailnet(platform, new NodeConfig("http://127.0.0.1:8080", "tab", null), new NodeStatusListener() {
        @Override public void onPhase(NodePhase phase, String detail) { phases.add(phase + ": " + detail); }
        @Override public void onLoginUrl(String authUrl, String matchingCode) { phases.add("login " + authUrl); }
        @Override public void onLoginDone() { phases.add("login done"); }
    });

    private static String controlKeyJson() {
        byte[] k = new byte[32];
        k[0] = 9; // the X25519 base point: a valid public key
        return "{\"publicKey\":\"" + KeyText.format(KeyText.MACHINE_PUBLIC, k) + "\",\"legacyPublicKey\":\"mkey:" + "0".repeat(64) + "\"}";
    }

    @Test
    void beforeUpNothingRunsAndCommandsSaySo() {
        assertEquals(Tailnet.State.STOPPED, node.state());
        assertNull(node.self());
        assertTrue(node.peers().isEmpty());
        String[] done = new String[1];
        node.ping("peer", 1, new Tailnet.PingListener() {
            @Override public void reply(String address, int seq, double rttMillis, String path) {}
            @Override public void timeout(int seq) {}
            @Override public void done(String error) { done[0] = error; }
        });
        assertEquals("not connected to the tailnet", done[0]);
        assertTrue(platform.gets.isEmpty() && platform.sockets.isEmpty());
    }

    @Test
    void upAsksForTheKeyWithTheCapabilityVersion() {
        node.up();
        assertEquals(List.of("http://127.0.0.1:8080/key?v=" + NodeConfig.CAPABILITY_VERSION), platform.gets);
        assertEquals(Tailnet.State.STARTING, node.state());
        assertTrue(phases.get(0).startsWith("KEY_GENERATED: node key nodekey:"), phases.toString());
    }

    @Test
    void anHttpErrorFromKeyIsShownWithTheBody() {
        node.up();
        platform.getCallbacks.get(0).onResponse(404, "not found\n");
        assertEquals(Tailnet.State.ERROR, node.state());
        assertEquals("the control server answered HTTP 404 for /key: not found", node.stateDetail());
        assertEquals(NodePhase.ERROR, node.phase());
    }

    @Test
    void aKeyAnswerThatIsNotAKeyIsRefused() {
        node.up();
        platform.getCallbacks.get(0).onResponse(200, "{\"publicKey\":\"nodekey:00\"}");
        assertEquals("the control server's /key answer is unusable: key does not start with mkey:", node.stateDetail());
        node.up();
        platform.getCallbacks.get(1).onResponse(200, "<html>");
        assertTrue(node.stateDetail().startsWith("the control server's /key answer is unusable: "), node.stateDetail());
    }

    @Test
    void aKeyRequestWithoutAnswerTimesOut() {
        node.up();
        platform.advance(NodeTailnet.KEY_FETCH_TIMEOUT_NANOS + 1);
        assertEquals(Tailnet.State.ERROR, node.state());
        assertEquals("the control server at http://127.0.0.1:8080/ did not answer /key within 15 s", node.stateDetail());
        // A late answer from the abandoned attempt changes nothing.
        platform.getCallbacks.get(0).onResponse(200, controlKeyJson());
        assertEquals(Tailnet.State.ERROR, node.state());
        assertTrue(platform.sockets.isEmpty());
    }

    @Test
    void theControlWebSocketCarriesTheNoiseInitiationAndItsLossIsAnError() {
        node.up();
        platform.getCallbacks.get(0).onResponse(200, controlKeyJson());
        assertEquals(1, platform.sockets.size());
        ScriptedPlatform.ScriptedSocket s = platform.sockets.get(0);
        assertEquals("tailscale-control-protocol", s.subprotocol);
        String prefix = "ws://127.0.0.1:8080/ts2021?X-Tailscale-Handshake=";
        assertTrue(s.url.startsWith(prefix), s.url);
        String b64 = java.net.URLDecoder.decode(s.url.substring(prefix.length()), java.nio.charset.StandardCharsets.UTF_8);
        byte[] init = java.util.Base64.getDecoder().decode(b64);
        assertEquals(101, init.length, "ts2021 initiation: 5-byte header + 96-byte Noise IK message 1");
        assertEquals(NodeConfig.CAPABILITY_VERSION, (init[0] & 0xff) << 8 | (init[1] & 0xff), "protocol version in the header");
        assertTrue(phases.get(phases.size() - 1).startsWith("REGISTERING: as tab at http://127.0.0.1:8080/"), phases.toString());
        s.listener.onOpen();
        assertTrue(s.sent.isEmpty(), "nothing to send before the server's Noise response");
        s.listener.onClose(1006, "gone");
        assertEquals(Tailnet.State.ERROR, node.state());
        assertEquals("the control connection closed (1006 gone)", node.stateDetail());
        assertTrue(s.closed || platform.sockets.size() == 1);
    }

    @Test
    void aHandshakeThatNeverCompletesTimesOutAndUpRetries() {
        node.up();
        platform.getCallbacks.get(0).onResponse(200, controlKeyJson());
        platform.sockets.get(0).listener.onOpen();
        platform.advance(NodeTailnet.CONTROL_OPEN_TIMEOUT_NANOS + 1);
        assertEquals(Tailnet.State.ERROR, node.state());
        assertTrue(node.stateDetail().contains("handshake"), node.stateDetail());
        assertTrue(platform.sockets.get(0).closed, "the abandoned socket is closed");
        node.up();
        assertEquals(2, platform.gets.size(), "up() tries again");
        node.down();
        assertEquals(Tailnet.State.STOPPED, node.state());
    }
}
