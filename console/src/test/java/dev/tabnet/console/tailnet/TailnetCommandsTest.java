package dev.tabnet.console.tailnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.console.ScreenModel;
import dev.tabnet.console.Shell;
import org.junit.jupiter.api.Test;

class TailnetCommandsTest {
    private final ScreenModel screen = new ScreenModel();
    private final Shell shell = new Shell(screen, "test");
    private final FakeTailnet net = new FakeTailnet();

    TailnetCommandsTest() {
        TailnetCommands.register(shell, net);
        shell.start("");
    }

    @Test
    void statusListsSelfAndPeers() {
        shell.input("status\r");
        String text = screen.text();
        assertTrue(text.contains("100.64.0.2") && text.contains("tab-1"), text);
        assertTrue(text.matches("(?s).*100\\.64\\.0\\.5 +db1 +ops +linux +online, relay \"stub\".*"), text);
        assertTrue(text.matches("(?s).*100\\.64\\.0\\.6 +web2 +ops +linux +offline.*"), text);
    }

    @Test
    void ipShowsOwnAndPeerAddresses() {
        shell.input("ip -4\r");
        assertEquals("100.64.0.2", screen.line(1));
        shell.input("ip db1\r");
        assertEquals("100.64.0.5", screen.line(3));
    }

    @Test
    void whoisFindsTheNodeBehindAnAddress() {
        shell.input("whois 100.64.0.5\r");
        assertTrue(screen.text().contains("db1.tail.ts.net."), screen.text());
        shell.input("whois 10.0.0.1\r");
        assertTrue(screen.text().contains("10.0.0.1 is not a node of this tailnet"), screen.text());
    }

    @Test
    void pingPrintsRepliesAndEndsOnDone() {
        shell.input("ping -c 2 db1\r");
        assertEquals("db1", net.lastPingTarget);
        assertTrue(shell.busy());
        net.lastPing.reply("100.64.0.5", 1, 12.34, "via DERP(stub)");
        net.lastPing.timeout(2);
        net.lastPing.done(null);
        assertFalse(shell.busy());
        String text = screen.text();
        assertTrue(text.contains("pong from 100.64.0.5 seq=1 via DERP(stub) in 12.3ms"), text);
        assertTrue(text.contains("timeout waiting for seq=2"), text);
    }

    @Test
    void ctrlCStopsAPing() {
        shell.input("ping db1\r");
        shell.input("\u0003");
        assertTrue(net.pingCancelled);
        assertFalse(shell.busy());
    }

    @Test
    void commandsNeedARunningNode() {
        net.state = Tailnet.State.NEEDS_LOGIN;
        net.detail = "scan the QR code";
        shell.input("ping db1\r");
        assertTrue(screen.text().contains("not connected to the tailnet (needs login: scan the QR code)"), screen.text());
        assertFalse(shell.busy());
    }

    @Test
    void sshAsksForHostKeyAndPasswordThenPassesKeysThrough() {
        shell.input("ssh -p 2222 ops@db1 uname -a\r");
        assertEquals("ops", net.lastSsh.user);
        assertEquals("db1", net.lastSsh.host);
        assertEquals(2222, net.lastSsh.port);
        assertEquals("uname -a", net.lastSsh.command);
        boolean[] accepted = new boolean[1];
        net.lastSshListener.confirmHostKey("db1", "ED25519", "SHA256:abc", a -> accepted[0] = a);
        shell.input("yes\r");
        assertTrue(accepted[0]);
        String[] password = new String[1];
        net.lastSshListener.prompt("ops@db1's password: ", false, p -> password[0] = p);
        shell.input("s3cret\r");
        assertEquals("s3cret", password[0]);
        assertFalse(screen.text().contains("s3cret"), "passwords must not be echoed");
        net.lastSshListener.output("Linux db1\r\n");
        shell.input("ls\r");
        assertEquals("ls\r", net.sshInput.toString());
        shell.resized(100, 40);
        assertArrayEquals(new int[] {100, 40}, net.lastResize);
        net.lastSshListener.closed(3, null);
        assertFalse(shell.busy());
        assertTrue(screen.text().contains("[exit status 3]"), screen.text());
    }

    @Test
    void keysTypedBeforeTheShellIsUpReachItOnceItIs() {
        shell.input("ssh ops@db1\r");
        String[] password = new String[1];
        net.lastSshListener.prompt("ops@db1's password: ", false, p -> password[0] = p);
        shell.input("s3cret\rls");           // a fast typist: the command right after the password
        shell.input(" -l\r");
        assertEquals("s3cret", password[0]);
        assertEquals("", net.sshInput.toString(), "nothing goes out before the shell is up");
        net.lastSshListener.output("Last login: today\r\n$ ");
        assertEquals("ls -l\r", net.sshInput.toString());
        shell.input("pwd\r");
        assertEquals("ls -l\rpwd\r", net.sshInput.toString());
    }

    @Test
    void ctrlBracketClosesAnSshSession() {
        shell.input("ssh db1\r");
        net.lastSshListener.output("$ ");
        shell.input("\u001d");
        assertTrue(net.sshClosed);
        assertFalse(shell.busy());
    }

    @Test
    void scpParsesTheTargetAsksLikeSshAndShowsProgressThenTheTotal() {
        shell.input("scp -P 2222 ops@db1:'/var/log/my file.log'\r");
        assertEquals("ops", net.lastScp.user);
        assertEquals("db1", net.lastScp.host);
        assertEquals(2222, net.lastScp.port);
        assertEquals("/var/log/my file.log", net.lastScp.path);
        assertTrue(shell.busy());
        boolean[] accepted = new boolean[1];
        net.lastScpListener.confirmHostKey("db1", "ED25519", "SHA256:abc", a -> accepted[0] = a);
        shell.input("yes\r");
        assertTrue(accepted[0]);
        String[] password = new String[1];
        net.lastScpListener.prompt("ops@db1's password: ", false, p -> password[0] = p);
        shell.input("s3cret\r");
        assertEquals("s3cret", password[0]);
        assertFalse(screen.text().contains("s3cret"), "passwords must not be echoed");
        net.lastScpListener.receiving("my file.log", 20_000_000);
        net.lastScpListener.received(5_000_000, 20_000_000, 500_000_000L);
        assertTrue(screen.currentLine().contains("5.0 MB of 20.0 MB  25%  10.0 MB/s"), screen.currentLine());
        net.lastScpListener.received(10_000_000, 20_000_000, 1_000_000_000L);
        assertTrue(screen.currentLine().contains("10.0 MB of 20.0 MB  50%  10.0 MB/s"), "updated in place: " + screen.currentLine());
        assertFalse(screen.text().contains("5.0 MB of"), screen.text());
        net.lastScpListener.saved("my file.log", 20_000_000, 1_600_000_000L);
        net.lastScpListener.closed(0, null);
        assertFalse(shell.busy());
        String text = screen.text();
        assertTrue(text.contains("receiving my file.log (20.0 MB)"), text);
        assertTrue(text.contains("saved my file.log: 20.0 MB in 1.60 s (12.5 MB/s)"), text);
        assertFalse(text.contains("MB of"), "the progress line is gone: " + text);
    }

    @Test
    void scpShowsTheServersErrorAndCtrlCCancels() {
        shell.input("scp db1:/nope\r");
        assertEquals("root", net.lastScp.user);
        net.lastScpListener.closed(null, "scp: /nope: No such file or directory");
        assertFalse(shell.busy());
        assertTrue(screen.text().contains("scp: scp: /nope: No such file or directory"), screen.text());
        shell.input("scp u@[fd7a:115c:a1e0::5]:big.iso\r");
        assertEquals("fd7a:115c:a1e0::5", net.lastScp.host);
        assertEquals("big.iso", net.lastScp.path);
        net.lastScpListener.receiving("big.iso", 1000);
        net.lastScpListener.received(100, 1000, 1_000_000L);
        shell.input("\u0003");
        assertTrue(net.scpClosed, "Ctrl-C closes the download");
        assertFalse(shell.busy());
        assertTrue(screen.text().contains("^C"), screen.text());
    }

    @Test
    void scpRefusesWhatItCannotDo() {
        shell.input("scp localfile\r");
        assertTrue(screen.text().contains("scp: localfile is not [user@]host:path"), screen.text());
        shell.input("scp ./a:b\r");
        assertTrue(screen.text().contains("scp: ./a:b is not [user@]host:path"), screen.text());
        shell.input("scp db1:\r");
        assertTrue(screen.text().contains("give the file's path after the colon"), screen.text());
        shell.input("scp -P x db1:/a\r");
        assertTrue(screen.text().contains("scp: bad port x"), screen.text());
        shell.input("scp db1:/a db1:/b\r");
        assertTrue(screen.text().contains("usage: scp [-P port] [user@]host:path"), screen.text());
        assertEquals(null, net.lastScp, "nothing was started");
        assertFalse(shell.busy());
    }

    @Test
    void tabCompletesPeerNames() {
        shell.input("ping d\t");
        assertEquals(Shell.PROMPT + "ping db1 ", screen.currentLine());
    }

    @Test
    void sshKeyPrintsTheAuthorizedKeysLineAndFingerprint() {
        shell.input("ssh-key\r");
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE tabnet-tab-1", screen.line(1), "the line alone, ready to copy");
        assertTrue(screen.text().contains("fingerprint SHA256:fakefingerprint"), screen.text());
        assertTrue(screen.text().contains("authorized_keys"), screen.text());
        shell.input("ssh-key -l\r");
        assertTrue(screen.text().contains("256 SHA256:fakefingerprint (ED25519)"), screen.text());
        shell.input("help\r");
        assertTrue(screen.text().contains("ssh-key [-l]"), screen.text());
    }

    @Test
    void netcheckListsRegions() {
        shell.input("netcheck\r");
        assertTrue(screen.text().contains("stub (1):"), screen.text());
        assertTrue(screen.text().contains("1.3ms  (home)") || screen.text().contains("1.2ms  (home)"), screen.text());
        assertFalse(shell.busy());
    }
}
