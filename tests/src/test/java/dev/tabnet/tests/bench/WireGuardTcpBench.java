package dev.tabnet.tests.bench;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.NetStackDriver;
import dev.tabnet.jvm.WireGuardUdpLoop;
import dev.tabnet.tests.lab.WireGuardGoPeer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bulk TCP through one wireguard-go peer (its TUN in namespace "server", kernel TCP there): from
 * our userspace stack + WireGuard engine on the JVM, and from the kernel of a second wireguard-go
 * peer (namespace "client") through the same wireguard-go server, in the same run. The setup is
 * KernelTcpInteropTest's (wglab.sh recipe A); needs root and network namespaces.
 */
final class WireGuardTcpBench {
    private static final String KERNEL_V4 = "10.97.0.1", OUR_V4 = "10.97.0.2", CLIENT_V4 = "10.97.0.3";
    private static final int BYTES = 32 << 20;

    private WireGuardTcpBench() {}

    static void run(BenchResults results) throws Exception {
        Figure up = results.add(new Figure("wg.tcp.up", "userspace TCP → kernel through wireguard-go", "MB/s"));
        Figure down = results.add(new Figure("wg.tcp.down", "kernel → userspace TCP through wireguard-go", "MB/s"));
        String reason = WireGuardGoPeer.unavailableReason("socat", "sha256sum", "ss");
        if (reason != null) {
            up.notMeasured(reason);
            down.notMeasured(reason);
            return;
        }
        SecureEntropy entropy = new SecureEntropy();
        byte[] ourPrivate = X25519.generatePrivateKey(entropy), serverPrivate = X25519.generatePrivateKey(entropy),
                clientPrivate = X25519.generatePrivateKey(entropy);
        byte[] serverPublic = X25519.publicKey(serverPrivate);
        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice device = WireGuardUdpLoop.newDevice(ourPrivate, null, clock);
        NetStackConfig nc = new NetStackConfig();
        nc.ipv4 = IpAddress.parse(OUR_V4);
        nc.mtu = 1420;
        NetStack stack = new NetStack(nc, entropy);
        NetStackDriver[] d = new NetStackDriver[1];
        List<Process> processes = new ArrayList<>();
        WireGuardUdpLoop loop = new WireGuardUdpLoop(device, clock, new InetSocketAddress("127.0.0.1", 0),
                (dev, p, now) -> d[0].onInboundPacket(p.packet));
        NetStackDriver driver = d[0] = new NetStackDriver(stack, clock, loop::execute, p -> device.sendIpPacket(p, 0, p.length, clock.nowNanos()));
        WireGuardGoPeer server = null, client = null;
        try {
            loop.start();
            WireGuardGoPeer srv = server = WireGuardGoPeer.start(serverPrivate, KERNEL_V4 + "/32");
            server.addPeer(X25519.publicKey(ourPrivate), loop.localAddress().getPort(), OUR_V4 + "/32");
            server.addPeer(X25519.publicKey(clientPrivate), 0, CLIENT_V4 + "/32");
            server.route(OUR_V4 + "/32");
            server.route(CLIENT_V4 + "/32");
            client = WireGuardGoPeer.start(clientPrivate, CLIENT_V4 + "/32");
            client.addPeer(serverPublic, server.port, KERNEL_V4 + "/32");
            client.route(KERNEL_V4 + "/32");
            loop.call(dev -> {
                dev.addPeer(serverPublic);
                dev.addAllowedIp(serverPublic, IpAddress.parse("10.97.0.0").bytes(), 24);
                dev.setEndpoint(serverPublic, new InetSocketAddress("127.0.0.1", srv.port));
                return null;
            });
            if (driver.ping(IpAddress.parse(KERNEL_V4), new byte[8], 10_000) < 0) throw new IllegalStateException("no handshake with wireguard-go");

            Path file = server.dir.resolve("bench.bin");
            WireGuardGoPeer.check(WireGuardGoPeer.run("sh", "-c", "head -c " + BYTES + " /dev/urandom > " + file));
            String sha = WireGuardGoPeer.check(WireGuardGoPeer.run("sha256sum", file.toString())).out.trim().split("\\s+")[0];
            byte[] data = Files.readAllBytes(file);

            // Kernel to kernel, both directions, through the same wireguard-go server.
            Process kSink = spawn(processes, server, "sh", "-c", "socat -u TCP-LISTEN:5200,bind=" + KERNEL_V4 + ",reuseaddr STDOUT | sha256sum | cut -d' ' -f1");
            awaitListening(server, 5200);
            long t0 = System.nanoTime();
            spawn(processes, client, "socat", "-u", "FILE:" + file, "TCP:" + KERNEL_V4 + ":5200");
            check(sha, output(kSink), "kernel-to-kernel upload");
            double kernelUp = mbps(BYTES, System.nanoTime() - t0);

            spawn(processes, server, "socat", "-u", "FILE:" + file, "TCP-LISTEN:5201,bind=" + KERNEL_V4 + ",reuseaddr");
            awaitListening(server, 5201);
            t0 = System.nanoTime();
            Process kRecv = spawn(processes, client, "sh", "-c", "socat -u TCP:" + KERNEL_V4 + ":5201 STDOUT | sha256sum | cut -d' ' -f1");
            check(sha, output(kRecv), "kernel-to-kernel download");
            double kernelDown = mbps(BYTES, System.nanoTime() - t0);

            // Ours to the kernel.
            Process sink = spawn(processes, server, "sh", "-c", "socat -u TCP-LISTEN:5202,bind=" + KERNEL_V4 + ",reuseaddr STDOUT | sha256sum | cut -d' ' -f1");
            awaitListening(server, 5202);
            t0 = System.nanoTime();
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5202, 5000)) {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < data.length; off += 65536) out.write(data, off, Math.min(65536, data.length - off));
                s.shutdownOutput();
                check(sha, output(sink), "userspace upload");
            }
            double oursUp = mbps(BYTES, System.nanoTime() - t0);

            // The kernel to us.
            spawn(processes, server, "socat", "-u", "FILE:" + file, "TCP-LISTEN:5203,bind=" + KERNEL_V4 + ",reuseaddr");
            awaitListening(server, 5203);
            t0 = System.nanoTime();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5203, 5000)) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[256 * 1024];
                for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) md.update(buf, 0, n);
            }
            double oursDown = mbps(BYTES, System.nanoTime() - t0);
            check(sha, HexFormat.of().formatHex(md.digest()), "userspace download");

            String note = (BYTES >> 20) + " MiB, SHA-256 checked on the receiving side";
            up.value(oursUp).baseline("kernel→kernel, same tunnel", kernelUp).note(note);
            down.value(oursDown).baseline("kernel→kernel, same tunnel", kernelDown).note(note);
        } finally {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            driver.close();
            loop.close();
            if (client != null) client.close();
            if (server != null) server.close();
        }
    }

    private static Process spawn(List<Process> all, WireGuardGoPeer where, String... command) throws Exception {
        Process p = where.spawn(command);
        all.add(p);
        return p;
    }

    private static void awaitListening(WireGuardGoPeer where, int port) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (where.exec("ss", "-Hltn").out.contains(":" + port + " ")) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("nothing listening on port " + port + " in " + where.namespace);
    }

    private static String output(Process p) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("kernel-side process did not finish");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private static void check(String want, String got, String what) {
        if (!want.equals(got)) throw new IllegalStateException(what + ": SHA-256 " + got + " instead of " + want);
    }

    private static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
