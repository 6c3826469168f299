package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.console.node.NodeConfig;
import dev.tabnet.console.node.NodePhase;
import dev.tabnet.console.node.NodeStatusListener;
import dev.tabnet.console.node.NodeTailnet;
import dev.tabnet.console.tailnet.PeerInfo;
import dev.tabnet.console.tailnet.SshKeyInfo;
import dev.tabnet.console.tailnet.SshListener;
import dev.tabnet.console.tailnet.SshRequest;
import dev.tabnet.console.tailnet.SshSession;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.jvm.JvmNodePlatform;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's {@code ssh} through the tailnet: a tab node ({@link NodeTailnet}) opens SSH
 * sessions to a peer by name; the peer is a second node whose port 22 on its tailnet address is
 * forwarded (test-side) to Debian's OpenSSH sshd on loopback. Everything between the two nodes is
 * WireGuard over the server stub's DERP relay. Host key question, PAM password prompt, an exec
 * with its exit status and two interactive shells at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeTailnetSshTest {
    private String skip;
    private SshServerLab lab;
    private ServerStub server;
    private JvmNodePlatform tabLoop, peerLoop;
    private NodeTailnet tab, peer;
    private final List<String> hostKeyFingerprints = new CopyOnWriteArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        skip = SshServerLab.unavailableReason("/usr/sbin/sshd");
        if (skip != null) {
            System.out.println("[NodeTailnetSshTest] SKIPPED: " + skip);
            return;
        }
        lab = new SshServerLab("tnsshnode");
        lab.createUser("# no key: this test logs in with the password");
        lab.port = SshServerLab.freePort();
        Path conf = OpenSshInteropTest.writeConfig(lab, "127.0.0.1", lab.port);
        lab.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) {
            String out = SshServerLab.run("ssh-keygen", "-l", "-f", lab.dir.resolve("host_" + t + ".pub").toString()).out;
            hostKeyFingerprints.add(out.split(" ")[1]); // "256 SHA256:… comment (ED25519)"
        }

        server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("node-ssh-test")).start();
        tabLoop = new JvmNodePlatform("tab");
        peerLoop = new JvmNodePlatform("sshpeer");
        tab = join(tabLoop, "tab");
        peer = join(peerLoop, "sshpeer");
        peerLoop.call(() -> {
            peer.stack().listen(22, s -> new Forward(s, lab.port, peerLoop, peer));
            peer.stack().listen(2022, s -> new Forward(s, lab.port, peerLoop, peer));
            return null;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (tabLoop.call(() -> tab.peers().isEmpty())) {
            if (System.nanoTime() > end) throw new AssertionError("the tab never saw the ssh peer");
            Thread.sleep(20);
        }
    }

    private NodeTailnet join(JvmNodePlatform loop, String name) throws Exception {
        return join(loop, name, List.of(), List.of());
    }

    private NodeTailnet join(JvmNodePlatform loop, String name, List<String> knownHosts, List<String> sshHostKeys) throws Exception {
        return join(loop, server, name, knownHosts, sshHostKeys);
    }

    /** A NodeTailnet on loop, joined to server with a fresh one-use pre-auth key; waits until READY. */
    static NodeTailnet join(JvmNodePlatform loop, ServerStub server, String name, List<String> knownHosts, List<String> sshHostKeys)
            throws Exception {
        String key = server.control().preAuthKeys.create(false, true, Set.of(), 60_000).text;
        LinkedBlockingQueue<String> ready = new LinkedBlockingQueue<>();
        NodeConfig config = new NodeConfig(server.publicUrl(), name, key).withKnownHosts(knownHosts).withSshHostKeys(sshHostKeys);
        NodeTailnet n = loop.call(() -> new NodeTailnet(loop, config, new NodeStatusListener() {
            @Override
            public void onPhase(NodePhase phase, String detail) {
                if (phase == NodePhase.READY || phase == NodePhase.ERROR) ready.add(phase + " " + detail);
            }

            @Override public void onLoginUrl(String authUrl, String matchingCode) {}
            @Override public void onLoginDone() {}
        }));
        loop.execute(n::up);
        String r = ready.poll(20, TimeUnit.SECONDS);
        assertNotNull(r, name + " did not come up");
        assertTrue(r.startsWith("READY"), r);
        return n;
    }

    @AfterAll
    void tearDown() throws Exception {
        if (tab != null) tabLoop.execute(tab::down);
        if (peer != null) peerLoop.execute(peer::down);
        Thread.sleep(100);
        if (tabLoop != null) tabLoop.close();
        if (peerLoop != null) peerLoop.close();
        if (server != null) server.close();
        if (lab != null) lab.close();
    }

    /** The peer's port 22 → the local sshd: our stack's socket on one side, a JVM socket on the other. */
    static final class Forward implements TcpListener {
        private final TcpSocket tunnel;
        private final JvmNodePlatform peerLoop;
        private final NodeTailnet peer;
        private final Socket local;
        private final ExecutorService writer = Executors.newSingleThreadExecutor();
        private final ArrayDeque<byte[]> toTunnel = new ArrayDeque<>();
        private int off;
        private boolean localEof;
        private final byte[] buf = new byte[16384];

        Forward(TcpSocket tunnel, int port, JvmNodePlatform peerLoop, NodeTailnet peer) {
            this.tunnel = tunnel;
            this.peerLoop = peerLoop;
            this.peer = peer;
            try {
                local = new Socket();
                local.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread reader = new Thread(this::readLocal, "forward-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLocal() {
            byte[] b = new byte[16384];
            try (InputStream in = local.getInputStream()) {
                for (int n; (n = in.read(b)) > 0; ) {
                    byte[] chunk = java.util.Arrays.copyOf(b, n);
                    peerLoop.execute(() -> {
                        toTunnel.add(chunk);
                        flush();
                        peer.wake();
                    });
                }
            } catch (IOException ignored) {
                // closed
            }
            peerLoop.execute(() -> {
                localEof = true;
                flush();
                peer.wake();
            });
        }

        private void flush() {
            while (!toTunnel.isEmpty()) {
                byte[] head = toTunnel.peek();
                int n = tunnel.write(head, off, head.length - off);
                if (n <= 0) return;
                off += n;
                if (off < head.length) return;
                toTunnel.poll();
                off = 0;
            }
            if (localEof) tunnel.shutdownOutput();
        }

        @Override
        public void onWritable(TcpSocket s) {
            flush();
        }

        @Override
        public void onReadable(TcpSocket s) {
            for (int n; (n = s.read(buf, 0, buf.length)) != 0; ) {
                if (n < 0) {
                    writer.execute(() -> {
                        try {
                            local.shutdownOutput();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    });
                    return;
                }
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                writer.execute(() -> {
                    try {
                        local.getOutputStream().write(chunk);
                    } catch (IOException ignored) {
                        // the reader sees the close
                    }
                });
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            writer.execute(() -> {
                try {
                    local.close();
                } catch (IOException ignored) {
                    // done anyway
                }
            });
            writer.shutdown();
        }
    }

    /** The console side of one session. */
    private final class Console implements SshListener {
        final StringBuilder output = new StringBuilder();
        final List<String> progress = new CopyOnWriteArrayList<>();
        final List<String> prompts = new CopyOnWriteArrayList<>();
        final List<String> hostKeyQuestions = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();
        volatile Integer exit;
        volatile boolean acceptHostKey = true;

        @Override public void progress(String message) { progress.add(message); }

        @Override
        public synchronized void output(String text) {
            output.append(text);
        }

        synchronized String text() {
            return output.toString();
        }

        @Override
        public void confirmHostKey(String host, String keyType, String fingerprint, Consumer<Boolean> answer) {
            hostKeyQuestions.add(keyType + " " + fingerprint);
            answer.accept(acceptHostKey);
        }

        @Override
        public void prompt(String prompt, boolean echo, Consumer<String> answer) {
            prompts.add(prompt + (echo ? " (echo)" : ""));
            answer.accept(SshServerLab.PASSWORD);
        }

        @Override
        public void closed(Integer exitStatus, String error) {
            exit = exitStatus;
            closed.add(error == null ? "clean" : error);
        }
    }

    private <T> T onTab(Callable<T> c) throws Exception {
        return tabLoop.call(c);
    }

    private void waitForOutput(Console c, String text, long ms) throws Exception {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (!c.text().contains(text)) {
            if (!c.closed.isEmpty() || System.nanoTime() > end) {
                throw new AssertionError("no \"" + text + "\" in the output: " + c.text() + " / closed: " + c.closed + " / progress " + c.progress);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void execByPeerNameAsksForTheHostKeyAndPasswordAndReturnsTheExitStatus() throws Exception {
        assumeTrue(skip == null, skip);
        Console c = new Console();
        long t0 = System.nanoTime();
        onTab(() -> tab.ssh(new SshRequest(lab.user, "sshpeer", 22, "whoami; exit 3", 80, 24), c));
        assertEquals("clean", c.closed.poll(30, TimeUnit.SECONDS), "progress " + c.progress + " output " + c.text());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(3, c.exit);
        assertTrue(c.text().contains(lab.user), c.text());
        assertTrue(c.progress.get(0).startsWith("connecting to sshpeer (100."), c.progress.toString());
        assertEquals(1, c.hostKeyQuestions.size(), c.hostKeyQuestions.toString());
        String fp = c.hostKeyQuestions.get(0).split(" ")[1];
        assertTrue(hostKeyFingerprints.contains(fp), "the fingerprint ssh-keygen prints for one of sshd's keys: " + fp + " vs " + hostKeyFingerprints);
        assertTrue(!c.prompts.isEmpty() && c.prompts.get(0).contains("assword"), c.prompts.toString());
        System.out.println("[NodeTailnetSshTest] exec over the tailnet (TCP connect, kex, PAM login, exec) took " + ms + " ms; host key " + c.hostKeyQuestions.get(0));
    }

    @Test
    void twoShellsAtOnceThenTheKnownHostKeyIsNotAskedAgain() throws Exception {
        assumeTrue(skip == null, skip);
        Console first = new Console(), second = new Console();
        SshSession[] s = new SshSession[2];
        s[0] = onTab(() -> tab.ssh(new SshRequest(lab.user, "sshpeer", 22, null, 100, 30), first));
        s[1] = onTab(() -> tab.ssh(new SshRequest(lab.user, "sshpeer", 22, null, 90, 20), second));
        for (int i = 0; i < 2; i++) {
            Console c = i == 0 ? first : second;
            SshSession session = s[i];
            String marker = "marker" + (6 * (i + 7));
            // $((…)) makes the shell compute the marker, so the echo of our own keystrokes does not count.
            String line = "stty size; echo marker$((6*" + (i + 7) + "))\r";
            tabLoop.execute(() -> session.input(line));
            waitForOutput(c, marker + "\r\n", 30_000);
        }
        assertTrue(first.text().contains("30 100"), "the pty has the size we asked for: " + first.text());
        assertTrue(second.text().contains("20 90"), second.text());
        tabLoop.execute(() -> s[0].input("exit 0\r"));
        assertEquals("clean", first.closed.poll(20, TimeUnit.SECONDS));
        assertEquals(0, first.exit);
        tabLoop.execute(s[1]::close);
        assertEquals("clean", second.closed.poll(20, TimeUnit.SECONDS));
        assertNull(second.exit, "closed from our side: no exit status");
        assertTrue(first.hostKeyQuestions.size() + second.hostKeyQuestions.size() <= 1, "asked once at most (the key is remembered for the tab)");
    }

    @Test
    void theTabsKeyInAuthorizedKeysLogsInWithoutAnyPrompt() throws Exception {
        assumeTrue(skip == null, skip);
        SshKeyInfo key = onTab(tab::sshKey);
        assertEquals(key.authorizedKeysLine, onTab(tab::sshKey).authorizedKeysLine, "one key for the tab");
        assertTrue(key.authorizedKeysLine.matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} tabnet-tab"), key.authorizedKeysLine);
        Path line = lab.dir.resolve("tab_key.pub");
        Files.writeString(line, key.authorizedKeysLine + "\n");
        String keygen = SshServerLab.run("ssh-keygen", "-l", "-f", line.toString()).out;
        assertEquals(key.fingerprint, keygen.split(" ")[1], "ssh-keygen computes the same fingerprint: " + keygen);
        lab.createUser(key.authorizedKeysLine); // what the user pastes
        try {
            Console c = new Console();
            onTab(() -> tab.ssh(new SshRequest(lab.user, "sshpeer", 22, "echo keyed-$((6*7))", 80, 24), c));
            assertEquals("clean", c.closed.poll(30, TimeUnit.SECONDS), "progress " + c.progress + " output " + c.text());
            assertTrue(c.text().contains("keyed-42"), c.text());
            assertTrue(c.prompts.isEmpty(), "no password or keyboard-interactive prompt: " + c.prompts);
            assertTrue(c.progress.contains("logged in with this tab's key (ssh-key shows it)"), c.progress.toString());
            String log = lab.log();
            assertTrue(log.contains("Accepted publickey for " + lab.user) && log.contains(key.fingerprint), "sshd's own log: " + log);
        } finally {
            lab.createUser("# no key: this test logs in with the password");
        }
    }

    private String hostKey(String type) throws IOException {
        return Files.readString(lab.dir.resolve("host_" + type + ".pub")).trim();
    }

    /** A key sshd does not have, made by ssh-keygen. */
    private String strangerKey() throws Exception {
        Path k = lab.dir.resolve("stranger_ed25519");
        if (!Files.exists(k)) SshServerLab.check(SshServerLab.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f", k.toString()));
        return Files.readString(lab.dir.resolve("stranger_ed25519.pub")).trim();
    }

    private Console sshAndWait(JvmNodePlatform loop, NodeTailnet node, String host, int port) throws Exception {
        Console c = new Console();
        loop.call(() -> node.ssh(new SshRequest(lab.user, host, port, "exit 0", 80, 24), c));
        String end = c.closed.poll(30, TimeUnit.SECONDS);
        assertNotNull(end, "no end; progress " + c.progress);
        c.closed.add(end); // for the caller
        return c;
    }

    @Test
    void aNewHostKeyIsAskedOnceThenRememberedForTheTab() throws Exception {
        assumeTrue(skip == null, skip);
        JvmNodePlatform loop = new JvmNodePlatform("tabtofu");
        try {
            NodeTailnet t = join(loop, "tabtofu");
            waitForPeer(loop, t, "sshpeer");
            Console first = sshAndWait(loop, t, "sshpeer", 22);
            assertEquals("clean", first.closed.peek(), first.progress.toString());
            assertEquals(1, first.hostKeyQuestions.size(), first.hostKeyQuestions.toString());
            Console again = sshAndWait(loop, t, "sshpeer", 22);
            assertEquals("clean", again.closed.peek());
            assertEquals(0, again.hostKeyQuestions.size(), "accepted once, silent after: " + again.hostKeyQuestions);
            Console declined = new Console();
            declined.acceptHostKey = false;
            loop.call(() -> t.ssh(new SshRequest(lab.user, "sshpeer", 2022, "exit 0", 80, 24), declined));
            String err = declined.closed.poll(30, TimeUnit.SECONDS);
            assertTrue(err != null && err.contains("not accepted"), err);
            assertEquals(1, declined.hostKeyQuestions.size(), "another port is another known_hosts entry");
            assertTrue(declined.prompts.isEmpty(), "no password after a refused host key: " + declined.prompts);
            loop.execute(t::down);
        } finally {
            Thread.sleep(100);
            loop.close();
        }
    }

    @Test
    void hostKeysFromThePageConfigAreCheckedSilentlyAndAMismatchIsRefusedBeforeAnyPassword() throws Exception {
        assumeTrue(skip == null, skip);
        JvmNodePlatform loop = new JvmNodePlatform("tabcfg");
        try {
            NodeTailnet t = join(loop, "tabcfg", List.of(
                    "# the page config's known hosts",
                    "sshpeer,sshpeer.example " + hostKey("ed25519"),
                    "[sshpeer]:2022 " + strangerKey()), List.of());
            waitForPeer(loop, t, "sshpeer");
            Console ok = sshAndWait(loop, t, "sshpeer", 22);
            assertEquals("clean", ok.closed.peek(), ok.progress.toString());
            assertEquals(0, ok.hostKeyQuestions.size(), "known from the config: " + ok.hostKeyQuestions);
            assertEquals(0, ok.exit);
            Console bad = sshAndWait(loop, t, "sshpeer", 2022);
            String err = bad.closed.peek();
            assertTrue(err.contains("HOST KEY MISMATCH for [100.") && err.contains("from the page config") && err.contains("man in the middle"), err);
            assertEquals(0, bad.hostKeyQuestions.size());
            assertTrue(bad.prompts.isEmpty(), "no password is ever asked for (or sent): " + bad.prompts);
            assertFalse(bad.progress.contains("logged in with this tab's key (ssh-key shows it)"));
            System.out.println("[NodeTailnetSshTest] mismatch: " + err);
            loop.execute(t::down);
        } finally {
            Thread.sleep(100);
            loop.close();
        }
    }

    @Test
    void hostKeysTheControlServerPassesOnAreCheckedSilentlyAndALyingPeerIsRefused() throws Exception {
        assumeTrue(skip == null, skip);
        JvmNodePlatform keyedLoop = new JvmNodePlatform("sshkeyed"), liarLoop = new JvmNodePlatform("sshliar");
        try {
            NodeTailnet keyed = join(keyedLoop, "sshkeyed", List.of(), List.of(hostKey("ed25519"), hostKey("ecdsa"), hostKey("rsa")));
            NodeTailnet liar = join(liarLoop, "sshliar", List.of(), List.of(strangerKey()));
            keyedLoop.call(() -> {
                keyed.stack().listen(22, s -> new Forward(s, lab.port, keyedLoop, keyed));
                return null;
            });
            liarLoop.call(() -> {
                liar.stack().listen(22, s -> new Forward(s, lab.port, liarLoop, liar));
                return null;
            });
            waitForPeer(tabLoop, tab, "sshkeyed");
            waitForPeer(tabLoop, tab, "sshliar");
            PeerInfo p = onTab(() -> TailnetFind.peer(tab, "sshkeyed"));
            assertEquals("js", p.os, "Hostinfo.OS passed through the server");
            Console ok = sshAndWait(tabLoop, tab, "sshkeyed", 22);
            assertEquals("clean", ok.closed.peek(), ok.progress.toString());
            assertEquals(0, ok.hostKeyQuestions.size(), "vouched for by the control server: " + ok.hostKeyQuestions);
            Console bad = sshAndWait(tabLoop, tab, "sshliar", 22);
            String err = bad.closed.peek();
            assertTrue(err.contains("HOST KEY MISMATCH") && err.contains("vouched for by the control server"), err);
            assertTrue(bad.prompts.isEmpty() && bad.hostKeyQuestions.isEmpty(), bad.prompts + " " + bad.hostKeyQuestions);
            keyedLoop.execute(keyed::down);
            liarLoop.execute(liar::down);
        } finally {
            Thread.sleep(100);
            keyedLoop.close();
            liarLoop.close();
        }
    }

    private static void waitForPeer(JvmNodePlatform loop, NodeTailnet node, String name) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (loop.call(() -> TailnetFind.peer(node, name)) == null) {
            if (System.nanoTime() > end) throw new AssertionError(name + " never appeared in the netmap");
            Thread.sleep(20);
        }
    }

    /** A peer by short name from the node's PeerInfo list. */
    private static final class TailnetFind {
        static PeerInfo peer(NodeTailnet node, String name) {
            for (PeerInfo p : node.peers()) if (p.name.equals(name)) return p;
            return null;
        }
    }

    @Test
    void anUnknownHostAndAClosedPortAreClearErrors() throws Exception {
        assumeTrue(skip == null, skip);
        Console unknown = new Console();
        onTab(() -> tab.ssh(new SshRequest(lab.user, "nosuchpeer", 22, null, 80, 24), unknown));
        assertEquals("unknown host nosuchpeer (not a peer's name or address)", unknown.closed.poll(5, TimeUnit.SECONDS));
        Console refused = new Console();
        onTab(() -> tab.ssh(new SshRequest(lab.user, "sshpeer", 2222, null, 80, 24), refused));
        String err = refused.closed.poll(30, TimeUnit.SECONDS);
        assertNotNull(err);
        assertTrue(err.matches("connection to 100\\.[0-9.]+:2222 refused"), err);
    }
}
