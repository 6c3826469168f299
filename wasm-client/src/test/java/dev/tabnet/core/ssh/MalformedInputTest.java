package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Bytes;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Malformed server input must end the session with a clear error (and a DISCONNECT to the
 * server), never an exception out of the client and never silent acceptance.
 */
class MalformedInputTest {
    private static void assertClosedWith(ScriptedServer s, String fragment) {
        assertTrue(s.client.isClosed(), "client still open");
        assertTrue(s.error() != null && s.error().contains(fragment), "error was: " + s.error());
        assertEquals(1, s.closed.size(), "closed must be reported exactly once");
        assertEquals(s.error(), s.closed.get(0));
    }

    /** A packet (plaintext phase) with the given length field, padding byte and body. */
    private static byte[] rawPacket(int length, int padding, int bodyLen) {
        byte[] b = new byte[4 + Math.max(bodyLen, 1)];
        Bytes.put32be(b, 0, length);
        b[4] = (byte) padding;
        return b;
    }

    private static ScriptedServer afterVersion() {
        ScriptedServer s = new ScriptedServer();
        s.raw(ScriptedServer.VERSION + "\r\n");
        return s;
    }

    @Test
    void hugePacketLength() {
        ScriptedServer s = afterVersion();
        s.raw(rawPacket(0x7fffffff, 4, 12));
        assertClosedWith(s, "bad packet length 2147483647");
        assertEquals(SshMessages.SSH_MSG_DISCONNECT, s.lastReceivedType());
    }

    @Test
    void negativeAndTinyPacketLengths() {
        ScriptedServer s = afterVersion();
        s.raw(rawPacket(0xffffffff, 4, 12));
        assertClosedWith(s, "bad packet length 4294967295");
        ScriptedServer t = afterVersion();
        t.raw(rawPacket(3, 4, 12));
        assertClosedWith(t, "bad packet length 3");
    }

    @Test
    void lengthNotAMultipleOfTheBlockSize() {
        ScriptedServer s = afterVersion();
        s.raw(rawPacket(13, 4, 13));
        assertClosedWith(s, "not a multiple of the block size 8");
    }

    @Test
    void paddingLongerThanThePacket() {
        ScriptedServer s = afterVersion();
        byte[] p = rawPacket(12, 200, 12);
        s.raw(p);
        assertClosedWith(s, "bad padding length 200");
    }

    @Test
    void paddingShorterThanFour() {
        ScriptedServer s = afterVersion();
        byte[] p = rawPacket(12, 2, 12);
        p[5] = (byte) SshMessages.SSH_MSG_KEXINIT;
        s.raw(p);
        assertClosedWith(s, "bad padding length 2");
    }

    @Test
    void truncatedStringInKexInit() {
        ScriptedServer s = afterVersion();
        byte[] good = s.serverKexInit();
        SshWriter w = SshWriter.message(SshMessages.SSH_MSG_KEXINIT).raw(new byte[16]).u32(5000).raw("curve".getBytes());
        s.packet(w.toByteArray());
        assertClosedWith(s, "truncated string (need 5000 bytes");
        ScriptedServer t = afterVersion();
        t.packet(Arrays.copyOf(good, good.length - 7)); // cut inside the last name-lists
        assertClosedWith(t, "truncated");
    }

    @Test
    void unexpectedMessageDuringStrictKexIsFatal() {
        ScriptedServer s = afterVersion();
        s.packet(s.serverKexInit());
        s.packet(new SshWriter().u8(SshMessages.SSH_MSG_IGNORE).string("x").toByteArray());
        assertClosedWith(s, "unexpected message 2 during strict key exchange");
    }

    @Test
    void unknownMessageTypeDuringStrictKexIsFatal() {
        ScriptedServer s = afterVersion();
        s.packet(s.serverKexInit());
        s.packet(new byte[] {(byte) 200, 1, 2, 3});
        assertClosedWith(s, "unexpected message 200 during strict key exchange");
    }

    @Test
    void strictKexRequiresKexInitFirst() {
        ScriptedServer s = afterVersion();
        s.packet(new SshWriter().u8(SshMessages.SSH_MSG_IGNORE).string("terrapin").toByteArray());
        assertFalse(s.client.isClosed()); // we cannot know yet whether the server is strict
        s.packet(s.serverKexInit());
        assertClosedWith(s, "KEXINIT was not its first packet");
    }

    @Test
    void withoutStrictKexIgnoreIsTolerated() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.strict = false;
        s.raw(ScriptedServer.VERSION + "\r\n");
        s.packet(new SshWriter().u8(SshMessages.SSH_MSG_IGNORE).string("hello").toByteArray());
        assertFalse(s.client.isClosed(), s.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr hmac-sha2-256", "aes256-ctr hmac-sha2-256-etm@openssh.com"})
    void badMacAfterNewKeys(String suite) throws Exception {
        String[] parts = suite.split(" ");
        ScriptedServer s = new ScriptedServer();
        s.cipher = parts[0];
        s.mac = parts.length > 1 ? parts[1] : null;
        s.completeKex();
        assertFalse(s.client.isClosed(), s.error());
        assertEquals(1, s.client.kexCount());
        assertEquals(SshMessages.SSH_MSG_SERVICE_REQUEST, s.lastReceivedType()); // the client moved on to userauth
        byte[] sealed = s.out.seal(SshWriter.message(SshMessages.SSH_MSG_SERVICE_ACCEPT).string("ssh-userauth").toByteArray());
        sealed[sealed.length - 20] ^= 0x10; // inside the payload (or the MAC for short packets)
        s.raw(sealed);
        assertClosedWith(s, "MAC");
    }

    @Test
    void wellFormedTrafficAfterKexIsAccepted() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.packet(SshWriter.message(SshMessages.SSH_MSG_SERVICE_ACCEPT).string("ssh-userauth").toByteArray());
        assertFalse(s.client.isClosed(), s.error());
        assertEquals(SshMessages.SSH_MSG_USERAUTH_REQUEST, s.lastReceivedType());
        assertTrue(s.client.strictKex());
    }

    @Test
    void badHostKeySignature() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.corruptSignature = true;
        s.completeKex();
        assertClosedWith(s, "ssh-ed25519 signature over the exchange hash is invalid");
        assertEquals(0, s.client.kexCount());
    }

    @Test
    void noCommonCipher() {
        ScriptedServer s = new ScriptedServer();
        s.cipher = "3des-cbc";
        s.raw(ScriptedServer.VERSION + "\r\n");
        s.packet(s.serverKexInit());
        assertClosedWith(s, "no common cipher (client to server) algorithm");
        assertTrue(s.error().contains("3des-cbc"), s.error());
    }

    @Test
    void connectionMessageBeforeAuthentication() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string("x").toByteArray());
        assertClosedWith(s, "before authentication");
    }

    @Test
    void unknownMessageAfterKexGetsUnimplemented() throws Exception {
        ScriptedServer s = new ScriptedServer();
        s.completeKex();
        s.packet(new byte[] {(byte) 199, 0});
        assertFalse(s.client.isClosed(), s.error());
        assertEquals(SshMessages.SSH_MSG_UNIMPLEMENTED, s.lastReceivedType());
    }

    @Test
    void unsupportedProtocolVersion() {
        ScriptedServer s = new ScriptedServer();
        s.raw("SSH-1.5-Ancient\r\n");
        assertClosedWith(s, "unsupported protocol version");
    }

    @Test
    void endlessVersionLine() {
        ScriptedServer s = new ScriptedServer();
        byte[] junk = new byte[400];
        Arrays.fill(junk, (byte) 'A');
        s.raw(junk);
        assertClosedWith(s, "longer than 255 bytes");
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() {
        SeededEntropy rnd = new SeededEntropy(99);
        for (int i = 0; i < 300; i++) {
            ScriptedServer s = afterVersion();
            s.raw(rnd.bytes(1 + rnd.nextInt(300)));
            s.raw(rnd.bytes(1 + rnd.nextInt(3000)));
            // Either still waiting for more bytes, or closed with a reason.
            if (s.client.isClosed()) assertTrue(s.error() != null && !s.error().isEmpty());
        }
    }

    @Test
    void randomBytesAfterKeysAreMacErrors() throws Exception {
        SeededEntropy rnd = new SeededEntropy(17);
        for (int i = 0; i < 100; i++) {
            ScriptedServer s = new ScriptedServer();
            s.cipher = i % 2 == 0 ? "aes128-gcm@openssh.com" : "chacha20-poly1305@openssh.com";
            s.completeKex();
            s.raw(rnd.bytes(2048));
            assertTrue(s.client.isClosed());
            assertTrue(s.error().contains("MAC") || s.error().contains("packet length"), s.error());
        }
    }

    @Test
    void mutatedKexInitsNeverEscapeAsExceptions() {
        SeededEntropy rnd = new SeededEntropy(5);
        for (int i = 0; i < 500; i++) {
            ScriptedServer s = afterVersion();
            byte[] k = s.serverKexInit();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) k[1 + rnd.nextInt(k.length - 1)] = (byte) rnd.nextInt(256);
            s.packet(k);
            if (s.client.isClosed()) assertTrue(s.error() != null && !s.error().isEmpty());
        }
    }
}
