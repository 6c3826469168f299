package dev.tabnet.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Request shapes and map-stream framing of {@link ControlClient} (the conversation with the real
 * server is ControlClientEndToEndTest in server-stub).
 */
class ControlClientTest {
    private final SeededEntropy entropy = new SeededEntropy(9);

    private ControlClient client(String authKey) {
        MachineKey m = MachineKey.generate(entropy), c = MachineKey.generate(entropy);
        ControlConnection conn = ControlConnection.open(m, c.publicKey(), 145, new Http2Config(), null, entropy, 0);
        return new ControlClient(conn, 145, new byte[32], new byte[32], "tab", authKey, 7, new ControlClient.Listener() {
            @Override
            public void onMapResponse(JsonObject m) {}

            @Override
            public void onFailed(String reason) {}
        });
    }

    @Test
    void registerRequestUsesGoFieldNamesAndZeroValues() {
        JsonObject r = client("tskey-abc").registerRequest("");
        assertEquals(145, r.getLong("Version", 0));
        assertEquals("nodekey:" + "0".repeat(64), r.getString("NodeKey"));
        assertEquals("nodekey:" + "0".repeat(64), r.getString("OldNodeKey"));
        assertEquals("nlpub:" + "0".repeat(64), r.getString("NLKey"));
        assertEquals("tskey-abc", r.getObject("Auth").getString("AuthKey"));
        assertEquals("0001-01-01T00:00:00Z", r.getString("Expiry"), "Go's zero time: no expiry requested");
        assertEquals("", r.getString("Followup"));
        assertTrue(r.getBoolean("Ephemeral", false));
        assertEquals("js", r.getObject("Hostinfo").getString("OS"));
        assertEquals(7, r.getObject("Hostinfo").getObject("NetInfo").getLong("PreferredDERP", 0));

        JsonObject followup = client("tskey-abc").registerRequest("http://x/login/1");
        assertNull(followup.getObject("Auth"), "the follow-up does not resend the key");
        assertEquals("http://x/login/1", followup.getString("Followup"));
    }

    @Test
    void mapRequestAsksForAKeepAliveStream() {
        JsonObject m = client(null).mapRequest();
        assertTrue(m.getBoolean("Stream", false));
        assertTrue(m.getBoolean("KeepAlive", false));
        assertEquals("discokey:" + "0".repeat(64), m.getString("DiscoKey"));
        assertNull(m.get("Compress"), "no zstd: this client reads plain JSON");
    }

    @Test
    void hostinfoCarriesSshHostKeysAndTheLatestPreferredDerp() {
        ControlClient c = client(null);
        assertNull(c.mapRequest().getObject("Hostinfo").getArray("SSH_HostKeys"), "none unless reported");
        c.reportSshHostKeys(java.util.List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAMiYfgIAFKHG9hqnpjVq1IxNdP/dJzymqW9zsmALHV "));
        JsonObject h = c.mapRequest().getObject("Hostinfo");
        assertEquals(1, h.getArray("SSH_HostKeys").size());
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAMiYfgIAFKHG9hqnpjVq1IxNdP/dJzymqW9zsmALHV", h.getArray("SSH_HostKeys").get(0).asString());
        c.updatePreferredDerp(900); // before the map stream: only remembered for the next request
        assertEquals(900, c.preferredDerp());
        assertEquals(900, c.registerRequest("").getObject("Hostinfo").getObject("NetInfo").getLong("PreferredDERP", 0));
        c.updatePreferredDerp(0);
        assertEquals(900, c.preferredDerp(), "0 (unknown) never replaces a known region");
    }

    @Test
    void mapMessagesAreSplitWhateverTheChunking() {
        byte[] a = "{\"KeepAlive\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"Node\":{\"Name\":\"x.\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] stream = Bytes.concat(frame(a), frame(b), frame(new byte[0]));
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            ControlClient.MessageSplitter s = new ControlClient.MessageSplitter();
            java.util.List<byte[]> got = new java.util.ArrayList<>();
            for (int off = 0; off < stream.length; off += chunk) {
                s.feed(stream, off, Math.min(chunk, stream.length - off));
                for (byte[] m; (m = s.next()) != null; ) got.add(m);
            }
            assertEquals(3, got.size(), "chunk " + chunk);
            assertArrayEquals(a, got.get(0));
            assertArrayEquals(b, got.get(1));
            assertEquals(0, got.get(2).length);
        }
    }

    @Test
    void oversizedMapMessageIsAnError() {
        ControlClient.MessageSplitter s = new ControlClient.MessageSplitter();
        s.feed(new byte[] {0, 0, 0, 2}, 0, 4); // 32 MiB, little-endian
        assertNull(s.next());
        assertTrue(s.error.contains("exceeds"), s.error);
    }

    private static byte[] frame(byte[] json) {
        byte[] f = new byte[4 + json.length];
        f[0] = (byte) json.length;
        f[1] = (byte) (json.length >>> 8);
        f[2] = (byte) (json.length >>> 16);
        f[3] = (byte) (json.length >>> 24);
        System.arraycopy(json, 0, f, 4, json.length);
        return f;
    }
}
