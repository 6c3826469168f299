package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.KnownHosts;
import dev.tabnet.core.ssh.SshChannel;
import dev.tabnet.core.ssh.SshClient;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.jvm.NetStackDriver;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.node.ForwardSpec;
import dev.tabnet.server.node.InProcessControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The path of issue 8: our SSH client on a tailnet node (the laptop, a JVM node as a tab would
 * be), over WireGuard through the server's relay to the server's built-in node, whose forward
 * {@code 22=127.0.0.1:<port>} hands the stream to Debian's OpenSSH sshd on loopback. The host key
 * must be one sshd was started with, so the far end is the real server, not something of ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshThroughBuiltInNodeInteropTest {
    private static final int BYTES = 8_000_000;

    private String skip;
    private SshServerLab lab;
    private Ed25519Identity identity;
    private ServerStub stub;
    private JvmTailnetNode laptop;
    private InProcessControl laptopControl;
    private NetStackDriver net;
    private IpAddress gateway;
    private final List<byte[]> hostKeys = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        skip = SshServerLab.unavailableReason("/usr/sbin/sshd");
        if (skip != null) {
            System.out.println("[SshThroughBuiltInNodeInteropTest] SKIPPED: " + skip);
            return;
        }
        lab = new SshServerLab("tnsshnode");
        identity = Ed25519Identity.generate(new SecureEntropy());
        lab.createUser(identity.authorizedKeysLine("tabnet-builtin-node-test"));
        lab.port = SshServerLab.freePort();
        Path conf = OpenSshInteropTest.writeConfig(lab, "127.0.0.1", lab.port);
        lab.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));
        StringBuilder pubs = new StringBuilder();
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) {
            String line = Files.readString(lab.dir.resolve("host_" + t + ".pub")).trim();
            hostKeys.add(Base64.getDecoder().decode(line.split(" ")[1]));
            pubs.append(line).append('\n');
        }
        Path pubFile = lab.dir.resolve("host_keys.pub"); // what an operator makes with cat /etc/ssh/ssh_host_*_key.pub
        Files.writeString(pubFile, "# sshd's public host keys\n" + pubs);

        stub = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("test-operator-pw").node("box")
                .forward(new ForwardSpec(22, "127.0.0.1", lab.port)).forwardHostKeys(pubFile.toString())).start();
        gateway = stub.builtInNode().ipv4();
        laptop = JvmTailnetNode.withNewKeys("laptop").start();
        laptopControl = new InProcessControl(stub.control(), laptop, "laptop");
        laptopControl.register(true, Set.of());
        laptopControl.openMapStream();
        net = laptop.awaitReady(10_000);
        assertTrue(laptop.awaitRelayLogin(10_000));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (laptopControl != null) laptopControl.close();
        if (laptop != null) laptop.close();
        if (stub != null) stub.close();
        if (lab != null) lab.close();
    }

    private void onLoop(Runnable r) throws InterruptedException {
        net.call(() -> {
            r.run();
            return null;
        });
    }

    @Test
    void theBuiltInNodeReportsTheForwardedSshdsHostKeysIntoPeersNetmaps() throws Exception {
        assumeTrue(skip == null, skip);
        List<String> keys = laptop.withNetmap(m -> m.find("box") == null ? null : m.find("box").sshHostKeys);
        assertEquals(3, keys.size(), String.valueOf(keys));
        for (int i = 0; i < 3; i++) {
            String[] f = keys.get(i).split(" ");
            assertArrayEquals(hostKeys.get(i), Base64.getDecoder().decode(f[1]), "sshd's own key " + f[0]);
        }
        assertEquals("linux", laptop.withNetmap(m -> m.find("box").os));
    }

    @Test
    void sshFromAnotherNodeReachesTheRealSshdThroughTheForward() throws Exception {
        assumeTrue(skip == null, skip);
        Path file = lab.randomFile("node.bin", BYTES);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        SshOverTcpSocket s = new SshOverTcpSocket();
        ChannelRecorder cmd = new ChannelRecorder();
        String[] seenHostKey = {null};
        onLoop(() -> {
            KnownHosts known = new KnownHosts((h, key, decision) -> {
                boolean sshds = hostKeys.stream().anyMatch(k -> Arrays.equals(k, key.blob));
                seenHostKey[0] = key.type;
                if (sshds) decision.accept();
                else decision.reject("not a host key of the test sshd");
            });
            SshClientConfig cfg = new SshClientConfig(lab.user, "box", known)
                    .identity(identity).authMethods(SshClientConfig.PUBLICKEY).keepalive(0, 0);
            s.client = new SshClient(cfg, new SecureEntropy(), s);
            s.client.start(System.nanoTime());
            SshChannel c = s.client.openSession(cmd);
            c.exec("echo \"$(whoami) via $SSH_CONNECTION\"; exit 7");
            c.sendEof();
            s.socket = net.stack().connect(gateway, 22, s);
        });
        SshOverTcpSocket.waitFor(() -> cmd.closed || s.closed, 30_000, "the command over the built-in node");
        assertNull(s.error, "ssh connection error");
        assertNull(cmd.closeError);
        assertTrue(s.client.isAuthenticated());
        assertEquals(7, cmd.exitStatus, "exit status of the remote command");
        // sshd sees the forwarder's loopback connection: the tailnet hop ends at the built-in node.
        assertTrue(cmd.out().startsWith(lab.user + " via 127.0.0.1 "), cmd.out());
        assertTrue(seenHostKey[0] != null, "the host key was checked against sshd's own");

        ChannelRecorder dl = new ChannelRecorder(true);
        long[] t = new long[2];
        onLoop(() -> {
            t[0] = System.nanoTime();
            SshChannel c = s.client.openSession(dl);
            c.exec("cat " + file);
            c.sendEof();
            s.flush();
        });
        SshOverTcpSocket.waitFor(() -> dl.closed || s.closed, 60_000, "the download over the built-in node");
        t[1] = System.nanoTime();
        assertNull(s.error);
        assertEquals(BYTES, dl.stdoutBytes);
        assertArrayEquals(expected, dl.digest());
        assertEquals(0, dl.exitStatus);
        onLoop(() -> {
            s.client.disconnect();
            s.flush();
            s.socket.close();
        });
        double secs = (t[1] - t[0]) / 1e9;
        System.out.printf("[SshThroughBuiltInNodeInteropTest] ssh %s host key; %d MB via relay + built-in node + forward: %.1f MB/s (%.2f s)%n",
                seenHostKey[0], BYTES / 1_000_000, BYTES / 1e6 / secs, secs);
        assertTrue(stub.builtInNode().forwardedConnections() >= 1);
    }
}
