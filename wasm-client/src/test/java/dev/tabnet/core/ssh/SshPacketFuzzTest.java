package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.testutil.FuzzInput;

/**
 * The SSH client's packet layer and everything above it, fed by a scripted server ({@link
 * ScriptedServer}) that brings it to a chosen phase and then sends fuzzed bytes: raw (version line,
 * binary packet framing, MAC/AEAD checks) or fuzzed payloads sealed under the negotiated keys (so
 * key exchange, user auth and channel messages are reached). Contract: receive never throws; a bug
 * never surfaces as "internal error"; closing is reported exactly once; everything the client sends
 * still decodes with the server's packet reader and keys.
 *
 * <p>Input layout: byte 0 = phase (bits 0-1: 0 fresh, 1 after the version line, 2 after key exchange,
 * 3 authenticated with a session channel open) and cipher (bits 2-3: chacha20-poly1305, aes128-gcm,
 * aes256-ctr + hmac-sha2-256-etm, aes128-ctr + hmac-sha2-256); then items: one byte (even = raw bytes,
 * odd = a sealed payload), a 16-bit length and that many bytes.
 */
class SshPacketFuzzTest {
    private static final String[][] SUITES = {
        {SshAlgorithms.CHACHA20_POLY1305, null},
        {SshAlgorithms.AES128_GCM, null},
        {SshAlgorithms.AES256_CTR, SshAlgorithms.HMAC_SHA2_256_ETM},
        {SshAlgorithms.AES128_CTR, SshAlgorithms.HMAC_SHA2_256},
    };

    @FuzzTest
    void serverBytes(byte[] data) throws Exception {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        int phase = options & 3;
        String[] suite = SUITES[(options >>> 2) & 3];
        ScriptedServer s = new ScriptedServer();
        s.cipher = suite[0];
        s.mac = suite[1];
        boolean sealed = false;
        if (phase == 1) s.raw(ScriptedServer.VERSION + "\r\n");
        if (phase >= 2) {
            s.completeKex();
            sealed = true;
            assertFalse(s.client.isClosed(), "scripted key exchange failed: " + s.error());
        }
        if (phase == 3) {
            s.authenticate();
            s.client.openSession(new SshChannel.Listener() {
                @Override
                public void data(byte[] b, int off, int len, boolean stderr) {
                    assertTrue(off >= 0 && len >= 0 && off + len <= b.length, "channel data slice outside its array");
                }

                @Override
                public void closed(String error) {}
            });
            s.drainClient();
        }
        for (int n = 0; in.more() && n < 200; n++) {
            boolean payload = (in.u8() & 1) != 0;
            byte[] b = in.bytes(in.u16());
            if (payload && b.length > 0 && (sealed || phase >= 1)) {
                if (s.client.isClosed()) break;
                s.packet(b); // sealed with the server's current keys (plaintext before NEWKEYS)
            } else {
                s.raw(b);
            }
            String err = s.error();
            assertFalse(err != null && err.startsWith("internal error: "), "engine bug surfaced as: " + err);
            assertTrue(s.closed.size() <= 1, "closed reported " + s.closed.size() + " times");
            if (s.client.isClosed()) assertEquals(1, s.closed.size(), "closed but not reported");
        }
    }
}
