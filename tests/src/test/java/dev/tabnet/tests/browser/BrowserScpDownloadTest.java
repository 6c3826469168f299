package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.node.ForwardSpec;
import dev.tabnet.tests.ssh.OpenSshServer;
import dev.tabnet.tests.ssh.ServedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code scp} in the real page: a 6 MB random file on Debian's OpenSSH sshd (past the server's
 * 4 MB re-key, with its large packets right after it), reached through the stub's built-in node,
 * arrives in Chromium's download folder byte for byte; a missing file shows the server's own error
 * and saves nothing. The page keeps no copy: the bytes go to a Blob the browser's download takes.
 */
class BrowserScpDownloadTest {
    private static final String PASSWORD = "scp-browser-operator";
    private static final String PEER = "box";

    @Test
    void scpSavesTheFileThroughTheBrowsersDownloadAndShowsServerErrors() throws Exception {
        String noSshd = OpenSshServer.unavailableReason();
        assumeTrue(noSshd == null, noSshd);
        Path files = ServedFiles.readableTempDir("tabnet-scp-src");
        Path downloads = Files.createTempDirectory("tabnet-scp-downloads");
        byte[] content = new byte[6_000_000];
        new Random(42).nextBytes(content);
        Path file = ServedFiles.writeReadable(files.resolve("release notes.bin"), content);
        try (OpenSshServer sshd = OpenSshServer.start("tnscpweb");
             ServerStub server = new ServerStub(ServerConfig.defaults().port(0).operatorPassword(PASSWORD).node(PEER)
                     .forward(new ForwardSpec(22, "127.0.0.1", sshd.port()))).start();
             Chromium chromium = new Chromium()) {
            chromium.driver().executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            TerminalPage page = TerminalPage.openLoggedIn(chromium.driver(), server.pageUrl(), PASSWORD);
            page.js("window.tabnetSaved = []; window.addEventListener('tabnet-download', function (e) { window.tabnetSaved.push(e.detail); });");

            page.typeLine("scp " + sshd.user() + "@" + PEER + ":'" + file + "'");
            page.waitForScreen(0, s -> s.contains("(yes/no)?"), Duration.ofSeconds(30));
            page.typeLine("yes");
            page.waitForScreen(0, s -> s.toLowerCase().contains("password"), Duration.ofSeconds(30));
            page.typeLine(sshd.password());
            String screen = page.waitForScreen(0, s -> s.contains("saved release notes.bin"), Duration.ofSeconds(60));
            assertTrue(screen.contains("6.0 MB"), screen);
            Path saved = downloads.resolve("release notes.bin");
            for (long end = System.nanoTime() + 20_000_000_000L; !(Files.exists(saved) && Files.size(saved) == content.length) && System.nanoTime() < end; ) Thread.sleep(100);
            assertTrue(Files.exists(saved), "Chromium saved the file; the folder has " + java.util.Arrays.toString(downloads.toFile().list()));
            assertArrayEquals(sha256(content), sha256(Files.readAllBytes(saved)), "the downloaded file is the server's, byte for byte");
            assertEquals(1L, ((Number) page.js("return window.tabnetSaved.length;")).longValue());

            // A file that is not there: the server's message, and nothing offered.
            page.typeLine("scp " + sshd.user() + "@" + PEER + ":" + files.resolve("missing.txt"));
            page.waitForScreen(0, s -> s.split("Password:", -1).length == 3, Duration.ofSeconds(30)); // the second prompt
            page.typeLine(sshd.password());
            screen = page.waitForScreen(0, s -> s.contains("No such file or directory"), Duration.ofSeconds(30));
            assertTrue(screen.contains("missing.txt"), screen);
            assertEquals(1L, ((Number) page.js("return window.tabnetSaved.length;")).longValue(), "no second download");
            assertEquals(1, downloads.toFile().list().length, java.util.Arrays.toString(downloads.toFile().list()));
        } finally {
            for (Path d : new Path[] {files, downloads}) {
                try (var s = Files.walk(d)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
