package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.console.node.DownloadSink;
import dev.tabnet.console.node.NodeTailnet;
import dev.tabnet.console.tailnet.PeerInfo;
import dev.tabnet.console.tailnet.ScpListener;
import dev.tabnet.console.tailnet.ScpRequest;
import dev.tabnet.console.tailnet.SshSession;
import dev.tabnet.jvm.JvmNodePlatform;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.node.ForwardSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's scp (issue 9): a tab node ({@link NodeTailnet} on a JVM loop) downloads files
 * through the tailnet from the server stub's built-in node, whose forwards hand port 22 to
 * Debian's OpenSSH sshd and port 2222 to dropbear; both run the host's /usr/bin/scp -f for us.
 * The tab logs in to sshd with its own key (no prompt) and to dropbear with a password (prompt);
 * host keys are asked and checked against the servers' own. Files land in a temp dir through
 * {@link dev.tabnet.jvm.FileDownloadSink}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScpDownloadInteropTest {
    private static final int BIG = 20 * 1024 * 1024;

    private String skip;
    private SshServerLab openssh, dropbear;
    private final List<String> opensshFingerprints = new ArrayList<>(), dropbearFingerprints = new ArrayList<>();
    private ServerStub server;
    private JvmNodePlatform tabLoop;
    private NodeTailnet tab;
    private Path downloads;
    private Path files;
    private byte[] bigSha256;

    @BeforeAll
    void setUp() throws Exception {
        skip = SshServerLab.unavailableReason("/usr/sbin/sshd");
        if (skip == null) skip = SshServerLab.unavailableReason("/usr/sbin/dropbear");
        if (skip == null && !Files.isExecutable(Path.of("/usr/bin/scp"))) skip = "/usr/bin/scp is not installed (apt-get install openssh-client)";
        if (skip != null) {
            System.out.println("[ScpDownloadInteropTest] SKIPPED: " + skip);
            return;
        }
        openssh = new SshServerLab("tnscpossh");
        openssh.port = SshServerLab.freePort();
        Path conf = OpenSshInteropTest.writeConfig(openssh, "127.0.0.1", openssh.port);
        openssh.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) opensshFingerprints.add(fingerprint(openssh.dir.resolve("host_" + t + ".pub")));
        dropbear = new SshServerLab("tnscpdb");
        dropbear.createUser("# password logins only");
        dropbear.port = SshServerLab.freePort();
        DropbearInteropTest.start(dropbear);
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) dropbearFingerprints.add(fingerprint(dropbear.dir.resolve("db_" + t + ".pub")));

        files = openssh.dir.resolve("files");
        Files.createDirectories(files);
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] big = new byte[BIG];
        new Random(9).nextBytes(big);
        bigSha256 = MessageDigest.getInstance("SHA-256").digest(big);
        ServedFiles.writeReadable(files.resolve("big.bin"), big);
        ServedFiles.writeReadable(files.resolve("empty"), new byte[0]);
        ServedFiles.writeReadable(files.resolve("it's a file.txt"), "spaces and a quote\n".getBytes());
        Files.createDirectories(files.resolve("adir"));
        downloads = Files.createTempDirectory("tnscpdl");

        server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("scp-test").node("box")
                .forward(new ForwardSpec(22, "127.0.0.1", openssh.port)).forward(new ForwardSpec(2222, "127.0.0.1", dropbear.port))).start();
        tabLoop = new JvmNodePlatform("scptab").saveDownloadsIn(downloads);
        tab = NodeTailnetSshTest.join(tabLoop, server, "scptab", List.of(), List.of());
        openssh.createUser(tabLoop.call(tab::sshKey).authorizedKeysLine); // what the user pastes after `ssh-key`
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (tabLoop.call(() -> peer("box")) == null) {
            if (System.nanoTime() > end) throw new AssertionError("the tab never saw the built-in node");
            Thread.sleep(20);
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        if (tab != null) tabLoop.execute(tab::down);
        Thread.sleep(100);
        if (tabLoop != null) tabLoop.close();
        if (server != null) server.close();
        if (openssh != null) openssh.close();
        if (dropbear != null) dropbear.close();
        if (downloads != null) SshServerLab.run("rm", "-rf", downloads.toString());
    }

    private PeerInfo peer(String name) {
        for (PeerInfo p : tab.peers()) if (p.name.equals(name)) return p;
        return null;
    }

    private static String fingerprint(Path pub) throws IOException {
        return SshServerLab.run("ssh-keygen", "-l", "-f", pub.toString()).out.split(" ")[1]; // "256 SHA256:… comment (ED25519)"
    }

    /** The console's side of one download, as the scp command's job hears it. */
    private final class Console implements ScpListener {
        final List<String> fingerprints;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> prompts = new CopyOnWriteArrayList<>();
        final List<String> hostKeyQuestions = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();
        volatile long progressCalls, savedNanos = -1;
        volatile Runnable onReceiving;

        Console(String server) {
            this.fingerprints = server.equals("openssh") ? opensshFingerprints : dropbearFingerprints;
        }

        @Override public void progress(String message) { events.add("progress " + message); }
        @Override public void output(String text) { events.add("output " + text); }

        @Override
        public void confirmHostKey(String host, String keyType, String fingerprint, Consumer<Boolean> answer) {
            hostKeyQuestions.add(keyType + " " + fingerprint);
            answer.accept(fingerprints.contains(fingerprint)); // the far end must be that very server
        }

        @Override
        public void prompt(String prompt, boolean echo, Consumer<String> answer) {
            prompts.add(prompt);
            answer.accept(SshServerLab.PASSWORD);
        }

        @Override
        public void receiving(String fileName, long size) {
            events.add("receiving " + fileName + " " + size);
            if (onReceiving != null) onReceiving.run();
        }

        @Override
        public void received(long bytes, long size, long elapsedNanos) {
            progressCalls++;
        }

        @Override
        public void saved(String fileName, long size, long elapsedNanos) {
            events.add("saved " + fileName + " " + size);
            savedNanos = elapsedNanos;
        }

        @Override
        public void closed(Integer exitStatus, String error) {
            closed.add(error == null ? "clean" : error);
        }
    }

    private int port(String server) {
        return server.equals("openssh") ? 22 : 2222;
    }

    private String user(String server) {
        return server.equals("openssh") ? openssh.user : dropbear.user;
    }

    private Console download(String server, String path) throws Exception {
        Console c = new Console(server);
        tabLoop.call(() -> tab.scp(new ScpRequest(user(server), "box", port(server), path), c));
        String end = c.closed.poll(40, TimeUnit.SECONDS);
        assertNotNull(end, "no end; events " + c.events);
        c.closed.add(end);
        return c;
    }

    private void checkLogin(String server, Console c) {
        if (server.equals("openssh")) {
            assertTrue(c.prompts.isEmpty(), "the tab's key logged in, no password asked: " + c.prompts);
            assertTrue(c.events.contains("progress logged in with this tab's key (ssh-key shows it)"), c.events.toString());
        } else {
            assertTrue(!c.prompts.isEmpty() && c.prompts.get(0).contains("assword"), "dropbear has no key for the tab: a password prompt " + c.prompts);
        }
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(downloads)) {
            List<String> out = new ArrayList<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssh", "dropbear"})
    void aTwentyMegabyteFileArrivesIntact(String server) throws Exception {
        assumeTrue(skip == null, skip);
        long t0 = System.nanoTime();
        Console c = download(server, files.resolve("big.bin").toString());
        double wall = (System.nanoTime() - t0) / 1e9;
        assertEquals("clean", c.closed.peek(), c.events.toString());
        checkLogin(server, c);
        assertTrue(c.events.contains("receiving big.bin " + BIG) && c.events.contains("saved big.bin " + BIG), c.events.toString());
        Path got = downloads.resolve("big.bin");
        assertEquals(BIG, Files.size(got));
        assertArrayEquals(bigSha256, MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(got)), "SHA-256 of the saved file");
        assertTrue(c.progressCalls >= 1 && c.progressCalls <= 4 * wall + 2, "a few progress reports a second: " + c.progressCalls + " in " + wall + " s");
        double secs = c.savedNanos / 1e9;
        System.out.printf("[ScpDownloadInteropTest] %s: scp of %d MB through relay + built-in node + forward: %.1f MB/s (%.2f s of data, %.2f s with connect and login)%n",
                server, BIG / 1_000_000, BIG / 1e6 / secs, secs, wall);
        Files.delete(got);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssh", "dropbear"})
    void aZeroByteFileAndANameWithASpaceAndAQuote(String server) throws Exception {
        assumeTrue(skip == null, skip);
        Console empty = download(server, files.resolve("empty").toString());
        assertEquals("clean", empty.closed.peek(), empty.events.toString());
        assertTrue(empty.events.contains("saved empty 0"), empty.events.toString());
        assertEquals(0, Files.size(downloads.resolve("empty")));
        Console odd = download(server, files.resolve("it's a file.txt").toString());
        assertEquals("clean", odd.closed.peek(), odd.events.toString());
        assertEquals("spaces and a quote\n", Files.readString(downloads.resolve("it's a file.txt")));
        Files.delete(downloads.resolve("empty"));
        Files.delete(downloads.resolve("it's a file.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssh", "dropbear"})
    void aMissingFileAndADirectoryAreTheServersClearErrorsAndSaveNothing(String server) throws Exception {
        assumeTrue(skip == null, skip);
        String missing = files.resolve("no such file").toString();
        Console c = download(server, missing);
        assertEquals("scp: " + missing + ": No such file or directory", c.closed.peek(), c.events.toString());
        String dir = files.resolve("adir").toString();
        Console d = download(server, dir);
        assertEquals("scp: " + dir + ": not a regular file", d.closed.peek(), d.events.toString());
        assertFalse(d.events.stream().anyMatch(e -> e.startsWith("receiving")), d.events.toString());
        assertEquals(List.of(), leftovers(), "nothing saved");
        System.out.println("[ScpDownloadInteropTest] " + server + ": " + c.closed.peek() + " / " + d.closed.peek());
    }

    /**
     * A sink that stores asynchronously at about rate bytes/s on its own thread (as a browser's
     * WritableStream would), reporting unstoredBytes(); all its state is touched on the tab's loop.
     */
    private final class SlowSink implements DownloadSink {
        final MessageDigest digest;
        final ExecutorService storer = Executors.newSingleThreadExecutor();
        final long rate;
        long unstored, maxUnstored, stored;
        volatile boolean finished, aborted;
        Runnable onStored = () -> {};

        SlowSink(long rate) throws Exception {
            this.rate = rate;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            unstored += len;
            maxUnstored = Math.max(maxUnstored, unstored);
            storer.execute(() -> {
                LockSupport.parkNanos(len * 1_000_000_000L / rate);
                tabLoop.execute(() -> {
                    digest.update(copy);
                    stored += len;
                    unstored -= len;
                    onStored.run();
                });
            });
        }

        @Override public long unstoredBytes() { return unstored; }
        @Override public void onStored(Runnable r) { onStored = r; }
        @Override public void finish() { finished = true; storer.shutdown(); }
        @Override public void abort(String reason) { aborted = true; storer.shutdownNow(); }
    }

    @Test
    void aSlowSinkHoldsTheServerToOneWindowAheadOfWhatIsStored() throws Exception {
        assumeTrue(skip == null, skip);
        SlowSink sink = new SlowSink(8_000_000);
        tabLoop.downloads((name, size) -> sink);
        try {
            long t0 = System.nanoTime();
            Console c = download("openssh", files.resolve("big.bin").toString());
            assertEquals("clean", c.closed.peek(), c.events.toString());
            assertTrue(sink.finished && !sink.aborted);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (tabLoop.call(() -> sink.stored) < BIG) {
                if (System.nanoTime() > end) throw new AssertionError("the sink never stored everything: " + tabLoop.call(() -> sink.stored));
                Thread.sleep(20);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            assertArrayEquals(bigSha256, tabLoop.call(sink.digest::digest));
            long max = tabLoop.call(() -> sink.maxUnstored);
            // The server can only send into the window, and the window reopens only for stored bytes.
            assertTrue(max <= 2 * 1024 * 1024, "at most one 2 MB window unstored, was " + max);
            assertTrue(max >= 512 * 1024, "the window was used, not one packet at a time: " + max);
            System.out.printf("[ScpDownloadInteropTest] a sink storing 8 MB/s: %d MB in %.2f s, at most %d KB unstored%n", BIG / 1_000_000, secs, max / 1024);
        } finally {
            tabLoop.saveDownloadsIn(downloads);
        }
    }

    @Test
    void cancellingMidwayLeavesNothingBehind() throws Exception {
        assumeTrue(skip == null, skip);
        Console c = new Console("openssh");
        SshSession[] s = new SshSession[1];
        c.onReceiving = () -> tabLoop.execute(() -> s[0].close()); // Ctrl-C as soon as the file starts
        s[0] = tabLoop.call(() -> tab.scp(new ScpRequest(openssh.user, "box", 22, files.resolve("big.bin").toString()), c));
        assertEquals("cancelled", c.closed.poll(40, TimeUnit.SECONDS), c.events.toString());
        assertFalse(c.events.stream().anyMatch(e -> e.startsWith("saved")), c.events.toString());
        assertEquals(List.of(), leftovers(), "the partial file is gone");
    }
}
