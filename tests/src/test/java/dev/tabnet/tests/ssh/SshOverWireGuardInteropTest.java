package dev.tabnet.tests.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.KnownHosts;
import dev.tabnet.core.ssh.SshChannel;
import dev.tabnet.core.ssh.SshClient;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.core.wireguard.WireGuardConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;
import dev.tabnet.jvm.NetStackDriver;
import dev.tabnet.jvm.WireGuardUdpLoop;
import dev.tabnet.tests.lab.WireGuardGoPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path of the tab, minus DERP: our SSH client over our userspace TCP/IP stack over our
 * WireGuard engine, to wireguard-go, whose tunnel ends in the kernel stack of a namespace where a
 * real sshd listens. Everything on our side runs on the UDP loop's single thread, as it would on
 * the browser's event loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshOverWireGuardInteropTest {
    private static final String THEIR_ADDR = "10.98.0.1";
    private static final String OUR_ADDR = "10.98.0.2";
    private static final int BYTES = 20_000_000;

    private String skip;
    private SshServerLab lab;
    private WireGuardGoPeer peer;
    private WireGuardUdpLoop loop;
    private NetStackDriver net;
    private Process sshd;
    private Ed25519Identity identity;

    @BeforeAll
    void setUp() throws Exception {
        skip = SshServerLab.unavailableReason("/usr/sbin/sshd");
        if (skip == null) skip = WireGuardGoPeer.unavailableReason();
        if (skip != null) {
            System.out.println("[SshOverWireGuardInteropTest] SKIPPED: " + skip);
            return;
        }
        SecureEntropy entropy = new SecureEntropy();
        lab = new SshServerLab("tnsshtunnel");
        identity = Ed25519Identity.generate(entropy);
        lab.createUser(identity.authorizedKeysLine("tabnet-tunnel-test"));

        byte[] ourPrivate = X25519.generatePrivateKey(entropy);
        byte[] theirPrivate = X25519.generatePrivateKey(entropy);
        byte[] theirPublic = X25519.publicKey(theirPrivate);
        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice device = WireGuardUdpLoop.newDevice(ourPrivate, new WireGuardConfig(), clock);
        NetStackConfig nc = new NetStackConfig();
        nc.ipv4 = IpAddress.parse(OUR_ADDR);
        NetStack stack = new NetStack(nc, entropy);
        NetStackDriver[] d = new NetStackDriver[1];
        loop = new WireGuardUdpLoop(device, clock, new InetSocketAddress("127.0.0.1", 0), (dev, p, now) -> d[0].onInboundPacket(p.packet));
        // The stack's packets go straight into the engine: both live on the loop thread.
        d[0] = new NetStackDriver(stack, clock, loop::execute, pkt -> device.sendIpPacket(pkt, 0, pkt.length, clock.nowNanos()));
        net = d[0];
        loop.start();
        peer = WireGuardGoPeer.start(theirPrivate, X25519.publicKey(ourPrivate), loop.localAddress().getPort(), THEIR_ADDR, OUR_ADDR);
        loop.call(dev -> {
            dev.addPeer(theirPublic);
            dev.addAllowedIp(theirPublic, IpAddress.parse(THEIR_ADDR).bytes(), 32);
            dev.setEndpoint(theirPublic, new InetSocketAddress("127.0.0.1", peer.port));
            return null;
        });

        Path conf = OpenSshInteropTest.writeConfig(lab, THEIR_ADDR, 22);
        sshd = new ProcessBuilder("ip", "netns", "exec", peer.namespace, "/usr/sbin/sshd", "-D", "-e", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(lab.dir.resolve("sshd.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            if (SshServerLab.run("ip", "netns", "exec", peer.namespace, "ss", "-Hltn", "sport = :22").out.contains(":22")) return;
            Thread.sleep(50);
        }
        throw new IOException("sshd did not listen in the namespace: " + Files.readString(lab.dir.resolve("sshd.log")));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor();
        }
        if (net != null) net.close();
        if (loop != null) loop.close();
        if (peer != null) peer.close();
        if (lab != null) lab.close();
    }

    private void onLoop(Runnable r) throws InterruptedException {
        net.call(() -> {
            r.run();
            return null;
        });
    }

    @Test
    void downloadThroughOurTcpStackAndWireGuard() throws Exception {
        assumeTrue(skip == null, skip);
        Path file = lab.randomFile("tunnel.bin", BYTES);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        SshOverTcpSocket s = new SshOverTcpSocket();
        ChannelRecorder rec = new ChannelRecorder(true);
        ChannelRecorder who = new ChannelRecorder();
        long[] t = new long[2];
        onLoop(() -> {
            SshClientConfig cfg = new SshClientConfig(lab.user, THEIR_ADDR, new KnownHosts((h, k, dec) -> dec.accept()))
                    .identity(identity).authMethods(SshClientConfig.PUBLICKEY).keepalive(0, 0);
            s.client = new SshClient(cfg, new SecureEntropy(), s);
            s.client.start(System.nanoTime());
            SshChannel w = s.client.openSession(who);
            w.exec("whoami");
            s.socket = net.stack().connect(IpAddress.parse(THEIR_ADDR), 22, s);
        });
        SshOverTcpSocket.waitFor(() -> who.closed || s.closed, 20000, "whoami over the tunnel");
        assertNull(s.error);
        assertEquals(lab.user + "\n", who.out());
        onLoop(() -> {
            t[0] = System.nanoTime();
            s.client.openSession(rec).exec("cat " + file);
            s.flush();
        });
        SshOverTcpSocket.waitFor(() -> rec.closed || s.closed, 90000, "the download over the tunnel");
        t[1] = System.nanoTime();
        assertNull(s.error);
        assertEquals(BYTES, rec.stdoutBytes);
        assertArrayEquals(expected, rec.digest());
        double secs = (t[1] - t[0]) / 1e9;
        int[] kex = new int[1];
        onLoop(() -> {
            kex[0] = s.client.kexCount();
            s.client.disconnect();
            s.flush();
            s.socket.close();
        });
        assertTrue(kex[0] >= 5, "sshd's RekeyLimit 4M re-keys during 20 MB: " + kex[0]);
        System.out.printf("[SshOverWireGuardInteropTest] 20 MB through our TCP/IP + WireGuard: %.1f MB/s (%.2f s, %d key exchanges)%n",
                BYTES / 1e6 / secs, secs, kex[0]);
    }
}
