package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.HostKey;
import dev.tabnet.core.ssh.KnownHosts;
import dev.tabnet.core.ssh.SshAlgorithms;
import dev.tabnet.core.ssh.SshChannel;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.core.ssh.SshPrompter;
import dev.tabnet.core.ssh.SshTerminalSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What both real servers must accept from our client. Subclasses start the server and name the
 * algorithm combinations it offers (interop-lab.md §3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SshInteropSuite {
    static final int BULK_BYTES = 52428800;

    SshServerLab lab;
    Ed25519Identity identity;
    String skipReason;

    /** The server binary, checked before anything is set up. */
    abstract String binary();

    abstract String userName();

    /** Writes the config/keys into lab.dir and starts the server on lab.port. */
    abstract void startServer() throws Exception;

    /** Host key algorithm → public key file in ssh-keygen's format (for the fingerprint check). */
    abstract Path publicKeyFile(String hostKeyAlgorithm) throws Exception;

    /** Each combination the server offers from our list: {kex, host key, cipher, mac or null}. */
    abstract List<String[]> offeredCombinations();

    abstract boolean expectStrictKex();

    @BeforeAll
    void setUp() throws Exception {
        skipReason = SshServerLab.unavailableReason(binary());
        if (skipReason != null) {
            System.out.println("[" + getClass().getSimpleName() + "] SKIPPED: " + skipReason);
            return;
        }
        lab = new SshServerLab(userName());
        identity = Ed25519Identity.generate(new SecureEntropy());
        lab.createUser(identity.authorizedKeysLine("tabnet-test@" + getClass().getSimpleName()));
        lab.port = SshServerLab.freePort();
        startServer();
    }

    @AfterAll
    void tearDown() throws IOException {
        if (lab != null) lab.close();
    }

    void requireServer() {
        assumeTrue(skipReason == null, skipReason);
    }

    SshClientConfig config(SshAlgorithms algs) {
        KnownHosts known = new KnownHosts((host, key, decision) -> decision.accept());
        return new SshClientConfig(lab.user, "127.0.0.1", known).algorithms(algs).identity(identity)
                .prompter(SshPrompter.fixedPassword(SshServerLab.PASSWORD));
    }

    SocketSshDriver connect(SshClientConfig config) throws IOException {
        return new SocketSshDriver(lab.port, config);
    }

    /** Runs command on a fresh session channel and waits for the channel to close. */
    static ChannelRecorder exec(SocketSshDriver d, String command, boolean hashOnly, long timeoutMs) throws IOException {
        ChannelRecorder rec = new ChannelRecorder(hashOnly);
        SshChannel ch = d.client.openSession(rec);
        ch.exec(command);
        ch.sendEof();
        d.runUntil(() -> rec.closed || d.client.isClosed(), timeoutMs, "exec " + command);
        assertTrue(rec.closed, "channel did not close: " + d.client.error());
        assertNull(rec.closeError);
        return rec;
    }

    Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (String[] c : offeredCombinations()) out.add(Arguments.of(c[0], c[1], c[2], c[3]));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("combinations")
    void everyOfferedAlgorithmCombinationWorks(String kex, String hostKey, String cipher, String mac) throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.only(kex, hostKey, cipher, mac)))) {
            d.runUntilAuthenticated();
            assertEquals(kex, d.client.negotiated().kex);
            assertEquals(hostKey, d.client.negotiated().hostKey);
            assertEquals(cipher, d.client.negotiated().cipherS2C);
            assertEquals(cipher, d.client.negotiated().cipherC2S);
            if (mac != null) assertEquals(mac, d.client.negotiated().macS2C);
            assertEquals(expectStrictKex(), d.client.strictKex());
            ChannelRecorder first = exec(d, "echo $((6*7)) combo", false, 10000);
            assertEquals("42 combo\n", first.out());
            assertEquals(0, first.exitStatus);
            // A forced re-key under the same algorithms, then the session must still carry data.
            d.client.rekey();
            ChannelRecorder second = exec(d, "echo after-rekey", false, 10000);
            assertEquals("after-rekey\n", second.out());
            assertEquals(2, d.client.kexCount());
        }
    }

    /** Terrapin: with our default offer, chacha20-poly1305 (and EtM) is only chosen under strict kex. */
    @Test
    void defaultOfferAvoidsTerrapinAffectedCiphersWithoutStrictKex() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            assertEquals(expectStrictKex(), d.client.strictKex());
            String cipher = d.client.negotiated().cipherS2C, mac = d.client.negotiated().macS2C;
            if (d.client.strictKex()) {
                assertEquals(SshAlgorithms.CHACHA20_POLY1305, cipher, "strict kex: our first choice stays");
            } else {
                assertTrue(!cipher.equals(SshAlgorithms.CHACHA20_POLY1305) && (mac == null || !mac.endsWith("-etm@openssh.com")),
                        "no strict kex, so no chacha20/EtM: " + d.client.negotiated());
            }
            System.out.println("[" + getClass().getSimpleName() + "] default offer: " + d.client.negotiated() + (d.client.strictKex() ? " (strict kex)" : " (no strict kex)"));
            assertEquals("42\n", exec(d, "echo $((6*7))", false, 10000).out());
        }
    }

    @Test
    void publicKeyAuthenticationWithOurGeneratedKey() throws Exception {
        requireServer();
        SshClientConfig cfg = config(SshAlgorithms.defaults()).authMethods(SshClientConfig.PUBLICKEY);
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntilAuthenticated();
            assertEquals("publickey", d.events.authMethod);
            assertEquals(lab.user + "\n", exec(d, "whoami", false, 10000).out());
        }
    }

    @Test
    void passwordAuthentication() throws Exception {
        requireServer();
        SshClientConfig cfg = config(SshAlgorithms.defaults()).authMethods(SshClientConfig.PASSWORD);
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntilAuthenticated();
            assertEquals("password", d.events.authMethod);
        }
    }

    @Test
    void wrongPasswordIsRefusedCleanly() throws Exception {
        requireServer();
        SshClientConfig cfg = config(SshAlgorithms.defaults()).authMethods(SshClientConfig.PASSWORD)
                .prompter(SshPrompter.fixedPassword("wrong-password"));
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntil(() -> d.client.isClosed(), 15000, "refusal");
            assertFalse(d.client.isAuthenticated());
            assertTrue(d.events.error.contains("authentication failed"), d.events.error);
        }
    }

    @Test
    void noneAuthenticationIsRefusedListingTheMethods() throws Exception {
        requireServer();
        SshClientConfig cfg = config(SshAlgorithms.defaults()).authMethods();
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntil(() -> d.client.isClosed(), 15000, "refusal");
            assertFalse(d.client.isAuthenticated());
            List<String> methods = List.of(d.client.serverAuthMethods());
            assertTrue(methods.contains("publickey") && methods.contains("password"), methods.toString());
            assertTrue(d.events.error.contains("the server allows") && d.events.error.contains("publickey"), d.events.error);
            System.out.println("[" + getClass().getSimpleName() + "] none refused: " + d.events.error);
        }
    }

    @Test
    void hostKeyFingerprintMatchesSshKeygenAndPolicyIsEnforced() throws Exception {
        requireServer();
        String expected = SshServerLab.run("ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile(SshAlgorithms.SSH_ED25519).toString()).out.split(" ")[1];
        List<String> asked = new ArrayList<>();
        KnownHosts known = new KnownHosts((host, key, decision) -> {
            asked.add(host + " " + key.type + " " + key.fingerprint());
            decision.accept();
        });
        SshAlgorithms ed = SshAlgorithms.only(SshAlgorithms.CURVE25519_SHA256, SshAlgorithms.SSH_ED25519, SshAlgorithms.CHACHA20_POLY1305, null);
        // Unknown → asked once; the answer is remembered.
        byte[] blob;
        try (SocketSshDriver d = connect(config(ed).hostKeys(known))) {
            d.runUntilAuthenticated();
            blob = d.client.hostKey().blob;
        }
        assertEquals(List.of("127.0.0.1 ssh-ed25519 " + expected), asked);
        // Known and matching → silent.
        try (SocketSshDriver d = connect(config(ed).hostKeys(known))) {
            d.runUntilAuthenticated();
        }
        assertEquals(1, asked.size());
        // A different key for the same host → refused loudly, never asked.
        KnownHosts wrong = new KnownHosts((host, key, decision) -> asked.add("must not ask"));
        SshAlgorithms ecdsa = SshAlgorithms.only(SshAlgorithms.CURVE25519_SHA256, SshAlgorithms.ECDSA_SHA2_NISTP256, SshAlgorithms.CHACHA20_POLY1305, null);
        wrong.add("127.0.0.1", blob);
        try (SocketSshDriver d = connect(config(ecdsa).hostKeys(wrong))) {
            d.runUntil(() -> d.client.isClosed(), 10000, "mismatch refusal");
            assertFalse(d.client.isAuthenticated());
            assertTrue(d.events.error.contains("HOST KEY MISMATCH"), d.events.error);
            assertTrue(d.events.error.contains(HostKey.fingerprint(blob)), d.events.error);
        }
        assertEquals(1, asked.size());
        // The user saying no → refused.
        KnownHosts no = new KnownHosts((host, key, decision) -> decision.reject("user declined"));
        try (SocketSshDriver d = connect(config(ed).hostKeys(no))) {
            d.runUntil(() -> d.client.isClosed(), 10000, "rejection");
            assertTrue(d.events.error.contains("user declined"), d.events.error);
        }
    }

    private Path bulkFile;
    private byte[] bulkSha256;

    /** The distinct cipher/MAC pairs of offeredCombinations(). */
    Stream<Arguments> protections() {
        List<String> seen = new ArrayList<>();
        List<Arguments> out = new ArrayList<>();
        for (String[] c : offeredCombinations()) {
            String key = c[2] + " " + c[3];
            if (seen.contains(key)) continue;
            seen.add(key);
            out.add(Arguments.of(c[2], c[3]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protections")
    void bulkDownloadWithRekeysMatchesSha256AndExitCode(String cipher, String mac) throws Exception {
        requireServer();
        if (bulkFile == null) {
            bulkFile = lab.randomFile("bulk.bin", BULK_BYTES);
            bulkSha256 = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bulkFile));
        }
        // A low re-key limit so that the download crosses several key exchanges.
        SshAlgorithms algs = SshAlgorithms.only(SshAlgorithms.CURVE25519_SHA256, SshAlgorithms.SSH_ED25519, cipher, mac);
        SshClientConfig cfg = config(algs).rekeyLimits(8L << 20, 1L << 31);
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntilAuthenticated();
            long t0 = System.nanoTime();
            ChannelRecorder rec = exec(d, "cat " + bulkFile + "; exit 42", true, 90000);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(BULK_BYTES, rec.stdoutBytes);
            assertArrayEquals(bulkSha256, rec.digest(), "sha256 of the downloaded bytes");
            assertEquals(42, rec.exitStatus);
            assertTrue(d.client.kexCount() >= 5, "expected re-keys during 50 MB, kex count " + d.client.kexCount());
            System.out.printf("[%s] 50 MB download: %.1f MB/s (%.2f s, %s, %d key exchanges)%n", getClass().getSimpleName(),
                    BULK_BYTES / 1e6 / secs, secs, d.client.negotiated(), d.client.kexCount());
        }
    }

    @Test
    void exitStatusAndSignal() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            assertEquals(42, exec(d, "exit 42", false, 10000).exitStatus);
            ChannelRecorder killed = exec(d, "kill -TERM $$", false, 10000);
            assertEquals("TERM", killed.exitSignal);
            ChannelRecorder err = exec(d, "echo oops >&2; exit 3", false, 10000);
            assertEquals("oops\n", err.err());
            assertEquals(3, err.exitStatus);
        }
    }

    @Test
    void ptyShellSeesWindowChange() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            ChannelRecorder rec = new ChannelRecorder();
            SshChannel ch = d.client.openSession(rec);
            ch.requestPty("xterm-256color", 80, 24);
            ch.shell();
            // The marker is built by the shell, so the echoed command line never matches it.
            ch.write("echo TERM=$TERM; echo \"size=$(stty size)\"\n".getBytes(StandardCharsets.UTF_8));
            d.runUntil(() -> rec.out().contains("size=24 80"), 10000, "stty size 24 80");
            assertTrue(rec.out().contains("TERM=xterm-256color"), rec.out());
            ch.windowChange(132, 43);
            ch.write("echo \"size=$(stty size)\"\n".getBytes(StandardCharsets.UTF_8));
            d.runUntil(() -> rec.out().contains("size=43 132"), 10000, "stty size 43 132 after window-change");
            ch.write("exit 7\n".getBytes(StandardCharsets.UTF_8));
            d.runUntil(() -> rec.closed, 10000, "shell exit");
            assertEquals(7, rec.exitStatus);
            assertEquals(List.of("pty-req=true", "shell=true"), rec.replies);
        }
    }

    @Test
    void terminalSessionAsTheConsoleUsesIt() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            StringBuilder out = new StringBuilder();
            List<String> ends = new ArrayList<>();
            SshTerminalSession t = new SshTerminalSession(d.client, null, 90, 30, new SshTerminalSession.Listener() {
                @Override public void output(String text) { out.append(text); }
                @Override public void closed(Integer exitStatus, String error) { ends.add(exitStatus + "/" + error); }
            });
            t.input("echo \"x=$(echo h\u00e9llo \u20ac) $(stty size)\"; exit 5\n");
            d.runUntil(() -> !ends.isEmpty(), 10000, "the shell to exit");
            assertTrue(out.toString().contains("x=h\u00e9llo \u20ac 30 90"), out.toString());
            assertEquals(List.of("5/null"), ends);
        }
    }

    @Test
    void keepalivesAreAnswered() throws Exception {
        requireServer();
        SshClientConfig cfg = config(SshAlgorithms.defaults()).keepalive(100_000_000L, 3);
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntilAuthenticated();
            d.runFor(800);
            assertFalse(d.client.isClosed(), d.client.error());
            assertTrue(d.client.keepalivesSent() >= 4, "keepalives sent: " + d.client.keepalivesSent());
            assertTrue(d.client.keepaliveRepliesReceived() >= d.client.keepalivesSent() - 1,
                    d.client.keepaliveRepliesReceived() + " replies to " + d.client.keepalivesSent());
        }
    }

    @Test
    void manualWindowGivesBackPressure() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            ChannelRecorder rec = new ChannelRecorder(true);
            SshChannel ch = d.client.openSession(rec);
            ch.setManualWindow(true);
            ch.exec("head -c 8388608 /dev/zero");
            d.runFor(700);
            long stalled = rec.stdoutBytes;
            assertTrue(stalled > 0 && stalled <= 2 * 1024 * 1024, "with no window given back the server must stop at 2 MiB, got " + stalled);
            // Consume what we have and keep consuming: the rest arrives.
            ch.consumed((int) stalled);
            long[] given = {stalled};
            d.runUntil(() -> {
                if (rec.stdoutBytes > given[0]) {
                    ch.consumed((int) (rec.stdoutBytes - given[0]));
                    given[0] = rec.stdoutBytes;
                }
                return rec.closed;
            }, 20000, "the rest of the output");
            assertEquals(8388608, rec.stdoutBytes);
        }
    }

    @Test
    void uploadLargerThanTheServerWindow() throws Exception {
        requireServer();
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            byte[] data = new byte[3 * 1024 * 1024 + 17];
            new SecureEntropy().nextBytes(data);
            String expected = hex(MessageDigest.getInstance("SHA-256").digest(data));
            ChannelRecorder rec = new ChannelRecorder();
            SshChannel ch = d.client.openSession(rec);
            ch.exec("sha256sum");
            ch.write(data);
            ch.sendEof();
            d.runUntil(() -> rec.closed, 30000, "sha256sum of the upload");
            assertEquals(expected + "  -\n", rec.out());
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        return sb.toString();
    }

    static void assertPresent(Object o, String what) {
        assertNotNull(o, what);
    }
}
