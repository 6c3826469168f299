package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.testutil.SeededEntropy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client behaviour that the real servers cannot provoke on demand (timing, deferred answers, misbehaving peers). */
class SshClientBehaviourTest {
    private static int type(byte[] p) {
        return p[0] & 0xff;
    }

    /** Records channel events. */
    static final class Events implements SshChannel.Listener {
        final StringBuilder data = new StringBuilder();
        String closed;
        boolean isClosed;

        @Override public void data(byte[] b, int off, int len, boolean stderr) { data.append(new String(b, off, len, StandardCharsets.UTF_8)); }

        @Override
        public void closed(String error) {
            isClosed = true;
            closed = error;
        }
    }

    @Test
    void hostKeyDecisionGivenLaterHoldsTheSessionUntilThen() throws Exception {
        List<HostKeyVerifier.Decision> pending = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        ScriptedServer s = new ScriptedServer(cfg -> cfg.hostKeys(new KnownHosts((host, key, d) -> {
            fingerprints.add(key.fingerprint());
            pending.add(d);
        })));
        s.completeKex(); // the server sent its NEWKEYS too, as OpenSSH does
        assertEquals(1, pending.size());
        assertEquals(HostKey.fingerprint(s.hostBlob), fingerprints.get(0));
        assertEquals(SshMessages.SSH_MSG_KEX_ECDH_INIT, s.lastReceivedType(), "no NEWKEYS before the user decided");
        assertEquals(0, s.client.kexCount());
        pending.get(0).accept(); // e.g. the user typed "yes" much later
        s.drainClient();
        assertEquals(1, s.client.kexCount());
        assertEquals(SshMessages.SSH_MSG_SERVICE_REQUEST, s.lastReceivedType());
        pending.get(0).accept(); // a second answer is ignored
        assertFalse(s.client.isClosed());
    }

    @Test
    void hostKeyRejectedLaterClosesWithTheReason() throws Exception {
        List<HostKeyVerifier.Decision> pending = new ArrayList<>();
        ScriptedServer s = new ScriptedServer(cfg -> cfg.hostKeys(new KnownHosts((host, key, d) -> pending.add(d))));
        s.completeKex();
        pending.get(0).reject("user said no");
        s.drainClient();
        assertTrue(s.client.isClosed());
        assertTrue(s.error().contains("user said no"), s.error());
        assertEquals(SshMessages.SSH_MSG_DISCONNECT, s.lastReceivedType());
        assertEquals(1, s.closed.size());
    }

    @Test
    void knownHostMismatchIsRefusedWithoutAsking() throws Exception {
        List<String> asked = new ArrayList<>();
        KnownHosts known = new KnownHosts((host, key, d) -> asked.add(host));
        byte[] other = new SshWriter().string("ssh-ed25519").string(new SeededEntropy(1).bytes(32)).toByteArray();
        known.add("scripted", other);
        ScriptedServer s = new ScriptedServer(cfg -> cfg.hostKeys(known));
        s.completeKex();
        assertTrue(asked.isEmpty());
        assertTrue(s.error().startsWith("host key rejected: HOST KEY MISMATCH for scripted"), s.error());
        assertTrue(s.error().contains(HostKey.fingerprint(other)) && s.error().contains(HostKey.fingerprint(s.hostBlob)), s.error());
    }

    @Test
    void keepalivesAndTheirTimeout() throws Exception {
        ScriptedServer s = new ScriptedServer(cfg -> cfg.keepalive(Clock.seconds(10), 2));
        s.completeKex();
        s.authenticate();
        assertEquals(Clock.seconds(10), s.client.nextDeadline());
        s.client.tick(Clock.seconds(10));
        s.drainClient();
        byte[] req = s.lastReceived();
        assertEquals(SshMessages.SSH_MSG_GLOBAL_REQUEST, type(req));
        SshReader r = new SshReader(req);
        r.u8();
        assertEquals("keepalive@openssh.com", r.utf8());
        assertTrue(r.bool(), "want-reply");
        s.packet(new byte[] {(byte) SshMessages.SSH_MSG_REQUEST_FAILURE}); // OpenSSH's usual answer
        s.client.tick(Clock.seconds(20));
        s.client.tick(Clock.seconds(30));
        assertFalse(s.client.isClosed(), "two unanswered so far is within the limit");
        s.client.tick(Clock.seconds(40));
        assertTrue(s.client.isClosed());
        assertTrue(s.error().contains("did not answer 2 keepalives"), s.error());
        assertEquals(Clock.NEVER, s.client.nextDeadline());
    }

    /** Opens an exec channel on an authenticated scripted session; returns the server-side channel id 5. */
    private static SshChannel openExec(ScriptedServer s, Events ev, long window, long maxPacket) {
        SshChannel ch = s.client.openSession(ev);
        ch.exec("true");
        s.drainClient();
        assertEquals(SshMessages.SSH_MSG_CHANNEL_OPEN, s.lastReceivedType());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_OPEN_CONFIRMATION).u32(0).u32(5).u32(window).u32(maxPacket).toByteArray());
        return ch;
    }

    @Test
    void serverOverrunningOurWindowIsAProtocolError() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.authenticate();
        Events ev = new Events();
        SshChannel ch = openExec(s, ev, 1000, 1000);
        ch.setManualWindow(true);
        byte[] chunk = new byte[30000];
        for (int i = 0; i < SshChannel.INITIAL_WINDOW / chunk.length; i++) {
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string(chunk).toByteArray());
        }
        assertFalse(s.client.isClosed(), s.error());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string(chunk).toByteArray());
        assertTrue(s.client.isClosed());
        assertTrue(s.error().contains("left in the window"), s.error());
        assertTrue(ev.isClosed);
        assertEquals(s.error(), ev.closed, "channels learn why the session ended");
    }

    @Test
    void writesRespectTheServersWindowAndMaxPacket() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.authenticate();
        Events ev = new Events();
        SshChannel ch = openExec(s, ev, 2500, 1000);
        ch.write(new byte[4000]);
        s.drainClient();
        List<Integer> sizes = new ArrayList<>();
        for (byte[] p : s.received) {
            if (type(p) == SshMessages.SSH_MSG_CHANNEL_DATA) {
                SshReader r = new SshReader(p);
                r.u8();
                assertEquals(5, r.u32());
                sizes.add(r.string().length);
            }
        }
        assertEquals(List.of(1000, 1000, 500), sizes);
        assertEquals(1500, ch.queuedBytes());
        ch.sendEof(); // must wait for the queued bytes
        s.drainClient();
        assertFalse(s.received.stream().anyMatch(p -> type(p) == SshMessages.SSH_MSG_CHANNEL_EOF));
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_WINDOW_ADJUST).u32(0).u32(10000).toByteArray());
        assertEquals(0, ch.queuedBytes());
        assertEquals(SshMessages.SSH_MSG_CHANNEL_EOF, s.lastReceivedType());
    }

    @Test
    void requestsBeforeOpenAreSentInOrderAfterConfirmation() throws Exception {
        ScriptedServer s = new ScriptedServer();
        Events ev = new Events();
        SshChannel ch = s.client.openSession(ev); // before authentication even started
        ch.requestPty("xterm-256color", 100, 30);
        ch.shell();
        s.completeKex();
        s.authenticate();
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_OPEN_CONFIRMATION).u32(0).u32(9).u32(1 << 20).u32(32768).toByteArray());
        List<String> requests = new ArrayList<>();
        for (byte[] p : s.received) {
            if (type(p) != SshMessages.SSH_MSG_CHANNEL_REQUEST) continue;
            SshReader r = new SshReader(p);
            r.u8();
            assertEquals(9, r.u32());
            String name = r.utf8();
            assertTrue(r.bool());
            if (name.equals("pty-req")) {
                assertEquals("xterm-256color", r.utf8());
                assertEquals(100, r.u32());
                assertEquals(30, r.u32());
            }
            requests.add(name);
        }
        assertEquals(List.of("pty-req", "shell"), requests);
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string("hi").toByteArray());
        assertEquals("hi", ev.data.toString());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_CLOSE).u32(0).toByteArray());
        assertTrue(ev.isClosed);
        assertNull(ev.closed);
        assertEquals(SshMessages.SSH_MSG_CHANNEL_CLOSE, s.lastReceivedType(), "we answer CLOSE with CLOSE");
    }

    @Test
    void withoutStrictKexSequenceNumbersRunOn() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false; // the scripted server then keeps counting too; a reset on our side would break the MACs
        s.cipher = SshAlgorithms.AES128_CTR;
        s.mac = SshAlgorithms.HMAC_SHA2_256_ETM;
        s.completeKex();
        s.authenticate();
        assertFalse(s.client.isClosed(), s.error());
        assertFalse(s.client.strictKex());
        assertTrue(s.client.isAuthenticated());
    }

    /** Terrapin (CVE-2023-48795): without strict kex, chacha20-poly1305 and EtM give way to AES-GCM or AES-CTR + hmac-sha2-256. */
    @Test
    void withoutStrictKexAesGcmIsPreferredOverChaCha() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false;
        s.offeredCiphers = new String[] {SshAlgorithms.CHACHA20_POLY1305, SshAlgorithms.AES128_GCM, SshAlgorithms.AES128_CTR};
        s.completeKex();
        s.authenticate();
        assertTrue(s.client.isAuthenticated(), s.error());
        assertEquals(SshAlgorithms.AES128_GCM, s.client.negotiated().cipherS2C);
        assertEquals(SshAlgorithms.AES128_GCM, s.client.negotiated().cipherC2S);
        assertEquals(SshAlgorithms.AES128_GCM, s.cipher, "the server's own choice from our KEXINIT agrees");
    }

    @Test
    void withoutStrictKexAndWithoutGcmAesCtrWithPlainHmacIsPreferred() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false; // e.g. Dropbear 2022.83: no strict kex, no GCM
        s.offeredCiphers = new String[] {SshAlgorithms.CHACHA20_POLY1305, SshAlgorithms.AES128_CTR, SshAlgorithms.AES256_CTR};
        s.offeredMacs = new String[] {SshAlgorithms.HMAC_SHA2_256_ETM, SshAlgorithms.HMAC_SHA2_256};
        s.completeKex();
        s.authenticate();
        assertTrue(s.client.isAuthenticated(), s.error());
        assertEquals(SshAlgorithms.AES128_CTR, s.client.negotiated().cipherS2C);
        assertEquals(SshAlgorithms.HMAC_SHA2_256, s.client.negotiated().macS2C);
        assertEquals(SshAlgorithms.HMAC_SHA2_256, s.client.negotiated().macC2S);
    }

    @Test
    void withStrictKexChaChaStaysFirstAndWithoutAlternativesItIsStillUsed() throws Exception {
        ScriptedServer strict = new ScriptedServer();
        strict.offeredCiphers = new String[] {SshAlgorithms.AES128_GCM, SshAlgorithms.CHACHA20_POLY1305};
        strict.completeKex();
        strict.authenticate();
        assertTrue(strict.client.strictKex());
        assertEquals(SshAlgorithms.CHACHA20_POLY1305, strict.client.negotiated().cipherS2C);

        ScriptedServer only = new ScriptedServer();
        only.strict = false;
        only.offeredCiphers = new String[] {SshAlgorithms.CHACHA20_POLY1305};
        only.completeKex();
        only.authenticate();
        assertTrue(only.client.isAuthenticated(), only.error());
        assertEquals(SshAlgorithms.CHACHA20_POLY1305, only.client.negotiated().cipherS2C, "a server with nothing else still gets chacha20");
    }

    @Test
    void ourFirstKexInitWaitsForTheServers() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.raw(ScriptedServer.VERSION + "\r\n");
        assertTrue(s.received.isEmpty(), "only the version line so far");
        s.completeKexAfterVersion();
        assertEquals(SshMessages.SSH_MSG_KEXINIT, type(s.received.get(0)));
        assertEquals(SshMessages.SSH_MSG_KEX_ECDH_INIT, type(s.received.get(1)));
    }

    @Test
    void aServerThatWaitsForOurKexInitGetsItAfterAWhileInTheSafeOrder() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false;
        s.offeredCiphers = new String[] {SshAlgorithms.CHACHA20_POLY1305, SshAlgorithms.AES128_GCM};
        s.raw(ScriptedServer.VERSION + "\r\n");
        assertEquals(SshClient.KEXINIT_WAIT_NANOS, s.client.nextDeadline(), "the wait is a deadline of the client");
        s.client.tick(SshClient.KEXINIT_WAIT_NANOS - 1);
        s.drainClient();
        assertTrue(s.received.isEmpty());
        s.client.tick(SshClient.KEXINIT_WAIT_NANOS);
        s.drainClient();
        assertEquals(SshMessages.SSH_MSG_KEXINIT, type(s.received.get(0)));
        KexInit ours = KexInit.parse(s.received.get(0));
        assertEquals(SshAlgorithms.CHACHA20_POLY1305, ours.ciphersC2S[ours.ciphersC2S.length - 1], "chacha20 last: strict kex not known yet");
        s.completeKexAfterVersion();
        s.authenticate();
        assertTrue(s.client.isAuthenticated(), s.error());
        assertEquals(SshAlgorithms.AES128_GCM, s.client.negotiated().cipherS2C);
    }

    @Test
    void wrongKexGuessFromTheServerIsSkipped() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false;
        s.wrongGuess = true;
        s.completeKex();
        s.authenticate();
        assertFalse(s.client.isClosed(), s.error());
        assertTrue(s.client.isAuthenticated());
    }

    @Test
    void authorizedKeysLineCarriesTheBlob() {
        Ed25519Identity id = Ed25519Identity.generate(new SeededEntropy(3));
        String line = id.authorizedKeysLine("me@tab");
        String[] parts = line.split(" ");
        assertEquals("ssh-ed25519", parts[0]);
        assertEquals("me@tab", parts[2]);
        assertArrayEquals(id.publicKeyBlob(), Base64.getDecoder().decode(parts[1]));
        assertTrue(parts[1].startsWith("AAAAC3NzaC1lZDI1NTE5AAAAI"), "the well-known prefix of every ed25519 key");
        assertEquals("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(id.publicKeyBlob())), id.fingerprint());
    }

    @Test
    void serverInitiatedRekeyHoldsOurDataUntilNewKeys() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.authenticate();
        Events ev = new Events();
        SshChannel ch = openExec(s, ev, 1 << 20, 32768);
        int before = s.received.size();
        s.packet(s.serverKexInit());
        assertEquals(SshMessages.SSH_MSG_KEX_ECDH_INIT, s.lastReceivedType());
        ch.write("held".getBytes(StandardCharsets.UTF_8));
        s.drainClient();
        for (int i = before; i < s.received.size(); i++) {
            assertTrue(SshMessages.isKex(type(s.received.get(i))), "only kex messages while re-keying, got " + type(s.received.get(i)));
        }
        assertFalse(s.client.isClosed(), s.error());
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
