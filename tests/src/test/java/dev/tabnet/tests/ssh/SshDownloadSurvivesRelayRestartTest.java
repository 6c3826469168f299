package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.console.node.NodeTailnet;
import dev.tabnet.console.tailnet.SshListener;
import dev.tabnet.console.tailnet.SshRequest;
import dev.tabnet.jvm.JvmNodePlatform;
import dev.tabnet.server.ControlPlane;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a ~30 MB download over one SSH exec from Debian's OpenSSH sshd, through two
 * {@link NodeTailnet} nodes whose only path is the server's DERP relay; in the middle of it the
 * whole server (relay included) is stopped and started again on the same port with the same
 * control state. The same SSH session must carry on and finish with the right sha256 and exit status.
 */
class SshDownloadSurvivesRelayRestartTest {
    private static final int LINES = 3_600_000; // `seq 1 3600000` is 28.2 MB of text
    private static final String PASSWORD = "relay-kill-test";

    /** What `seq 1 LINES` prints, hashed here without asking the server. */
    private static byte[] expectedSha256() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        StringBuilder sb = new StringBuilder(1 << 16);
        for (int i = 1; i <= LINES; i++) {
            sb.append(i).append('\n');
            if (sb.length() > 60_000) {
                md.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
                sb.setLength(0);
            }
        }
        md.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return md.digest();
    }

    private static final class Download implements SshListener {
        final MessageDigest md;
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();
        final List<String> progress = new CopyOnWriteArrayList<>();
        volatile long bytes;
        volatile Integer exit;
        long lastChunk;
        long longestGapNanos;
        long gapEndedAtBytes;

        Download() throws Exception {
            md = MessageDigest.getInstance("SHA-256");
        }

        @Override public void progress(String message) { progress.add(message); }

        @Override
        public synchronized void output(String text) {
            long now = System.nanoTime();
            if (lastChunk != 0 && now - lastChunk > longestGapNanos) {
                longestGapNanos = now - lastChunk;
                gapEndedAtBytes = bytes;
            }
            lastChunk = now;
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            md.update(b);
            bytes += b.length;
        }

        @Override
        public void confirmHostKey(String host, String keyType, String fingerprint, Consumer<Boolean> answer) {
            answer.accept(true);
        }

        @Override
        public void prompt(String prompt, boolean echo, Consumer<String> answer) {
            answer.accept(SshServerLab.PASSWORD);
        }

        @Override
        public void closed(Integer exitStatus, String error) {
            exit = exitStatus;
            closed.add(error == null ? "clean" : error);
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }

    @Test
    void anSshDownloadCarriesOnInTheSameSessionAcrossARelayRestart() throws Exception {
        String skip = SshServerLab.unavailableReason("/usr/sbin/sshd");
        if (skip != null) System.out.println("[SshDownloadSurvivesRelayRestartTest] SKIPPED: " + skip);
        assumeTrue(skip == null, skip);
        byte[] expected = expectedSha256();
        ServerStub first = null, second = null;
        ControlPlane control = null;
        JvmNodePlatform tabLoop = null, peerLoop = null;
        NodeTailnet tab = null, peer = null;
        try (SshServerLab lab = new SshServerLab("tnrelaykill")) {
            lab.createUser("# no key: this test logs in with the password");
            lab.port = SshServerLab.freePort();
            Path conf = OpenSshInteropTest.writeConfig(lab, "127.0.0.1", lab.port);
            lab.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));

            first = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD)).start();
            int port = first.port();
            control = first.control();
            tabLoop = new JvmNodePlatform("tab");
            peerLoop = new JvmNodePlatform("sshpeer");
            tab = NodeTailnetSshTest.join(tabLoop, first, "tab", List.of(), List.of());
            peer = NodeTailnetSshTest.join(peerLoop, first, "sshpeer", List.of(), List.of());
            JvmNodePlatform pl = peerLoop;
            NodeTailnet p = peer;
            peerLoop.call(() -> {
                p.stack().listen(22, s -> new NodeTailnetSshTest.Forward(s, lab.port, pl, p));
                return null;
            });
            NodeTailnet t = tab;
            long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (tabLoop.call(() -> t.peers().isEmpty())) {
                if (System.nanoTime() > seen) throw new AssertionError("the tab never saw the ssh peer");
                Thread.sleep(20);
            }

            Download d = new Download();
            long t0 = System.nanoTime();
            tabLoop.call(() -> t.ssh(new SshRequest(lab.user, "sshpeer", 22, "seq 1 " + LINES + "; exit 7", 80, 24), d));
            long mid = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (d.bytes < 8_000_000L) {
                if (!d.closed.isEmpty() || System.nanoTime() > mid) {
                    throw new AssertionError("the download did not get going: " + d.bytes + " bytes, " + d.closed + " " + d.progress);
                }
                Thread.sleep(5);
            }
            long bytesAtKill = d.bytes;
            first.stopKeepingControl(); // HTTP, ts2021, map streams and the DERP relay go away
            long down = System.nanoTime();
            Thread.sleep(1000);
            long bytesWhileDown = d.bytes - bytesAtKill;
            second = new ServerStub(ServerConfig.defaults().port(port).operatorPassword(PASSWORD), control).start();
            long up = System.nanoTime();

            String end = d.closed.poll(60, TimeUnit.SECONDS);
            long totalMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("clean", end, "bytes " + d.bytes + " progress " + d.progress);
            assertEquals(7, d.exit, "the exec's own exit status, from the same session");
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(d.md.digest()), "sha256 of " + d.bytes + " bytes");
            assertTrue(d.bytes > bytesAtKill + 10_000_000L, "most of it came after the restart: " + bytesAtKill + " of " + d.bytes);
            assertTrue(d.closed.isEmpty(), "closed exactly once: " + d.closed);
            assertEquals(1, count(String.join("\n", d.progress), "connecting to sshpeer"), "one connection: " + d.progress);
            assertEquals(1, count(lab.log(), "Starting session: "), "one session: " + lab.log());
            assertEquals(1, count(lab.log(), "Accepted "), "sshd saw one login and one session: " + lab.log());
            long gapMs = d.longestGapNanos / 1_000_000;
            // The stream stalled for the outage: the bytes really went through the relay we killed.
            assertTrue(d.longestGapNanos > (up - down) / 2, "a pause as long as the outage: " + gapMs + " ms");
            System.out.println("[SshDownloadSurvivesRelayRestartTest] " + d.bytes + " bytes in " + totalMs + " ms; relay killed at "
                    + bytesAtKill + " bytes, down " + (up - down) / 1_000_000 + " ms (" + bytesWhileDown + " bytes arrived meanwhile, in flight);"
                    + " longest pause in the output " + gapMs + " ms, ended at " + d.gapEndedAtBytes + " bytes; progress " + d.progress);
        } finally {
            if (tab != null) tabLoop.execute(tab::down);
            if (peer != null) peerLoop.execute(peer::down);
            Thread.sleep(100);
            if (tabLoop != null) tabLoop.close();
            if (peerLoop != null) peerLoop.close();
            if (second != null) second.close();
            else if (first != null) first.close();
            if (control != null) control.close();
        }
    }
}
