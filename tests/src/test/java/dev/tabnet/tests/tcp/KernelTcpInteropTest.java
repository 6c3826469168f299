package dev.tabnet.tests.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.core.wireguard.WireGuardDevice;
import dev.tabnet.jvm.BlockingTcpServer;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.NetStackDriver;
import dev.tabnet.jvm.WireGuardUdpLoop;
import dev.tabnet.tests.lab.WireGuardGoPeer;
import java.io.IOException;
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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our userspace TCP/IP stack (JVM adapter: {@link NetStackDriver} on the {@link WireGuardUdpLoop}
 * thread) against the Linux kernel's stack, through a real wireguard-go tunnel (wglab.sh recipe A).
 * Namespace "server" holds the kernel end (10.98.0.1, fd7a:115c:a1e0:98::1) and the socat/nc
 * servers; a second wireguard-go peer with its TUN in namespace "client" (10.98.0.3) gives the
 * kernel-to-kernel throughput through the same wireguard-go server for comparison.
 *
 * Phases: ICMP echo both ways (IPv4, IPv6); we connect to a hashing sink and an echo server; the
 * kernel connects to us; zero windows both ways; 3 % injected loss both ways; 50 MB each way next
 * to the kernel-to-kernel figure; RSTs both ways; UDP echo. Each transfer is checked byte for byte
 * (or by SHA-256 computed on the other side by sha256sum).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelTcpInteropTest {
    private static final String KERNEL_V4 = "10.98.0.1", OUR_V4 = "10.98.0.2", CLIENT_V4 = "10.98.0.3";
    private static final String KERNEL_V6 = "fd7a:115c:a1e0:98::1", OUR_V6 = "fd7a:115c:a1e0:98::2";
    private static final int BULK_BYTES = 50 << 20;
    private static final long MB = 1_000_000L;

    private WireGuardGoPeer server, client;
    private WireGuardUdpLoop loop;
    private NetStackDriver driver;
    private final ExecutorService apps = Executors.newCachedThreadPool();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ktcp-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final List<Process> processes = new ArrayList<>();
    private Path bulkFile;
    private String bulkSha;
    private final Random random = new Random(0x7ab);
    /** Probability of dropping a TCP packet in each direction (loop thread reads it); 0 = clean tunnel. */
    private volatile double lossRate;
    private final Random lossRandom = new Random(0x1055);
    private long droppedIn, droppedOut; // loop thread only

    @BeforeAll
    void setUp() throws Exception {
        String reason = WireGuardGoPeer.unavailableReason("socat", "sha256sum", "ss", "ping");
        if (reason != null) System.out.println("SKIPPING KernelTcpInteropTest: " + reason);
        Assumptions.assumeTrue(reason == null, reason);

        SecureEntropy entropy = new SecureEntropy();
        byte[] ourPrivate = X25519.generatePrivateKey(entropy);
        byte[] serverPrivate = X25519.generatePrivateKey(entropy);
        byte[] clientPrivate = X25519.generatePrivateKey(entropy);
        byte[] serverPublic = X25519.publicKey(serverPrivate);

        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice device = WireGuardUdpLoop.newDevice(ourPrivate, null, clock);
        NetStackConfig nc = new NetStackConfig();
        nc.ipv4 = IpAddress.parse(OUR_V4);
        nc.ipv6 = IpAddress.parse(OUR_V6);
        nc.mtu = 1420; // as the wireguard-go TUN; TCP MSS 1380 (IPv4) / 1360 (IPv6)
        NetStack stack = new NetStack(nc, entropy);
        NetStackDriver[] d = new NetStackDriver[1];
        loop = new WireGuardUdpLoop(device, clock, new InetSocketAddress("127.0.0.1", 0),
                (dev, p, now) -> {
                    if (lose(p.packet)) droppedIn++;
                    else d[0].onInboundPacket(p.packet);
                });
        d[0] = driver = new NetStackDriver(stack, clock, loop::execute, p -> {
            if (lose(p)) droppedOut++;
            else device.sendIpPacket(p, 0, p.length, clock.nowNanos());
        });
        loop.start();
        int ourPort = loop.localAddress().getPort();

        server = WireGuardGoPeer.start(serverPrivate, KERNEL_V4 + "/32", KERNEL_V6 + "/128");
        server.addPeer(X25519.publicKey(ourPrivate), ourPort, OUR_V4 + "/32", OUR_V6 + "/128");
        server.addPeer(X25519.publicKey(clientPrivate), 0, CLIENT_V4 + "/32");
        server.route(OUR_V4 + "/32");
        server.route(OUR_V6 + "/128");
        server.route(CLIENT_V4 + "/32");
        client = WireGuardGoPeer.start(clientPrivate, CLIENT_V4 + "/32");
        client.addPeer(serverPublic, server.port, KERNEL_V4 + "/32");
        client.route(KERNEL_V4 + "/32");

        loop.call(dev -> {
            dev.addPeer(serverPublic);
            dev.addAllowedIp(serverPublic, IpAddress.parse("10.98.0.0").bytes(), 24);
            dev.addAllowedIp(serverPublic, IpAddress.parse("fd7a:115c:a1e0:98::").bytes(), 64);
            dev.setEndpoint(serverPublic, new InetSocketAddress("127.0.0.1", server.port));
            return null;
        });

        String pcap = System.getProperty("ktcp.pcap"); // debugging: plaintext capture inside the server namespace
        if (pcap != null) spawn(server, "tcpdump", "-U", "-i", server.iface, "-n", "-s", "120", "-w", pcap);

        bulkFile = server.dir.resolve("bulk.bin");
        WireGuardGoPeer.check(WireGuardGoPeer.run("sh", "-c", "head -c " + BULK_BYTES + " /dev/urandom > " + bulkFile));
        bulkSha = sha256sumOf(bulkFile.toString());
        System.out.println("wireguard-go server " + server.iface + " (netns " + server.namespace + ") on 127.0.0.1:" + server.port
                + ", kernel client netns " + client.namespace + ", our engine on 127.0.0.1:" + ourPort);
    }

    @AfterAll
    void tearDown() {
        for (Process p : processes) p.descendants().forEach(ProcessHandle::destroyForcibly);
        for (Process p : processes) p.destroyForcibly();
        apps.shutdownNow();
        watchdog.shutdownNow();
        if (driver != null) driver.close();
        if (loop != null) loop.close();
        if (client != null) client.close();
        if (server != null) server.close(); // also removes bulk.bin (it lives in server.dir)
        if (server != null) assertFalse(WireGuardGoPeer.namespaceExists(server.namespace), "server namespace removed");
        if (client != null) assertFalse(WireGuardGoPeer.namespaceExists(client.namespace), "client namespace removed");
    }

    // ------------------------------------------------------------------ (a) ICMP echo

    @Test
    @Order(1)
    void pingsTheKernelOverIpv4AndIpv6() throws Exception {
        // The first echo request waits for the WireGuard handshake; measure the ones after it.
        assertTrue(driver.ping(IpAddress.parse(KERNEL_V4), new byte[8], 10_000) >= 0, "handshake and first echo\n" + server.log());
        for (String to : new String[] {KERNEL_V4, KERNEL_V6}) {
            long[] rtts = new long[5];
            for (int i = 0; i < rtts.length; i++) {
                byte[] payload = new byte[56];
                random.nextBytes(payload);
                rtts[i] = driver.ping(IpAddress.parse(to), payload, 5000);
                assertTrue(rtts[i] >= 0, "echo reply from the kernel at " + to + " (drops: " + drops() + ")\n" + server.log());
            }
            System.out.printf("our ping %s: rtt min/avg/max %.3f/%.3f/%.3f ms%n", to, min(rtts) / 1e6, avg(rtts) / 1e6, max(rtts) / 1e6);
        }
        // And the kernel pings us: our stack answers echo requests on both families.
        for (String[] c : new String[][] {{"ping", "-c", "3", "-i", "0.2", "-W", "3", OUR_V4}, {"ping", "-6", "-c", "3", "-i", "0.2", "-W", "3", OUR_V6}}) {
            WireGuardGoPeer.Result r = server.exec(c);
            System.out.println("kernel " + String.join(" ", c) + ": " + lastLine(r.out));
            assertEquals(0, r.code, r.out);
            assertTrue(r.out.contains("3 received"), r.out);
        }
    }

    // ------------------------------------------------------------------ (b) we connect to kernel servers

    @Test
    @Order(2)
    void sendsToAChecksummingKernelSinkOverIpv4AndIpv6() throws Exception {
        int port = 5001;
        for (String to : new String[] {KERNEL_V4, KERNEL_V6}) {
            byte[] data = randomBytes(3_000_000 + random.nextInt(1000));
            Process sink = sink(server, to, port);
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(to), port, 5000); AutoCloseable g = guard(s, 30)) {
                // Through the 1420-byte tunnel Linux announces MSS 1380 (IPv4) / 1360 (IPv6); 12 bytes go to timestamps.
                assertEquals(to.contains(":") ? 1360 - 12 : 1380 - 12, s.core().effectiveMss(), "segment size toward " + to);
                writeAll(s, data, 100_000);
                s.shutdownOutput();
                assertEquals(sha256(data), awaitOutput(sink, 30).trim(), "kernel sink hash of what we sent to " + to);
                assertEquals(CloseReason.NORMAL, s.awaitClosed(5000), "closed by FIN exchange");
            }
            port++;
        }
    }

    @Test
    @Order(3)
    void kernelEchoServerReturnsEveryByte() throws Exception {
        int port = 5010;
        for (String to : new String[] {KERNEL_V4, KERNEL_V6}) {
            Process echo = spawn(server, "socat", "-t", "30", listen(to, port), "EXEC:cat");
            awaitListening(server, port);
            byte[] data = randomBytes(4_000_000 + random.nextInt(1000));
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(to), port, 5000); AutoCloseable g = guard(s, 30)) {
                // Write in odd-sized pieces while a second thread reads: both directions in flight at once.
                Future<?> writer = apps.submit(() -> {
                    writeAll(s, data, 7777);
                    s.shutdownOutput();
                    return null;
                });
                byte[] back = readAll(s.getInputStream());
                writer.get(30, TimeUnit.SECONDS);
                assertEquals(data.length, back.length, "echoed length");
                assertArrayEquals(data, back, "echo is byte-exact");
                assertEquals(CloseReason.NORMAL, s.awaitClosed(5000));
            }
            assertTrue(echo.waitFor(10, TimeUnit.SECONDS), "socat echo exited after our FIN");
            port++;
        }
    }

    @Test
    @Order(31)
    void answersTheKernelsKeepaliveProbes() throws Exception {
        // Linux keepalive probes carry SEQ = SND.UNA - 1; unanswered, this server drops the
        // connection after 1 s idle + 2 probes 1 s apart. We stay idle for 3.5 s.
        spawn(server, "socat", "-t", "30", listen(KERNEL_V4, 5060) + ",keepalive,keepidle=1,keepintvl=1,keepcnt=2", "EXEC:cat");
        awaitListening(server, 5060);
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5060, 5000); AutoCloseable g = guard(s, 30)) {
            byte[] buf = new byte[64];
            s.getOutputStream().write("before\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(7, readFully(s.getInputStream(), buf, 7));
            long[] before = driver.call(() -> new long[] {s.core().segmentsReceived, s.core().segmentsSent});
            Thread.sleep(3500);
            long[] after = driver.call(() -> new long[] {s.core().segmentsReceived, s.core().segmentsSent});
            System.out.println("idle 3.5 s: " + (after[0] - before[0]) + " keepalive probes from the kernel, " + (after[1] - before[1]) + " answers");
            assertTrue(after[0] - before[0] >= 2 && after[1] - before[1] >= 2, "kernel probed and we answered");
            s.getOutputStream().write("after!\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(7, readFully(s.getInputStream(), buf, 7), "connection survived the keepalive timeout");
            assertEquals("after!\n", new String(buf, 0, 7, StandardCharsets.US_ASCII));
        }
    }

    // ------------------------------------------------------------------ (c) the kernel connects to us

    @Test
    @Order(4)
    void acceptsConnectionsTheKernelOpens() throws Exception {
        int port = 7000;
        try (BlockingTcpServer listener = new BlockingTcpServer(driver, port)) {
            for (String to : new String[] {OUR_V4, OUR_V6}) {
                byte[] request = randomBytes(500_000 + random.nextInt(1000));
                Path in = server.dir.resolve("request.bin"), out = server.dir.resolve("reply.bin");
                Files.write(in, request);
                // Kernel side: send the file, half-close, print whatever comes back.
                Process nc = spawn(server, "sh", "-c", "socat -t 30 - " + connect(to, port) + " < " + in + " > " + out);
                BlockingTcpSocket s = listener.accept(10_000);
                assertNotNull(s, "kernel connection accepted on " + to);
                AutoCloseable g = guard(s, 30);
                byte[] got = readAll(s.getInputStream());
                assertArrayEquals(request, got, "request from the kernel is byte-exact");
                // The kernel's own view of the connection (still open: we have not closed our side).
                String ss = server.exec("ss", "-Htin", "dst", to + (to.contains(":") ? "/128" : "/32")).out;
                System.out.println("kernel ss -tin toward " + to + ": " + ss.replaceAll("\\s+", " ").trim());
                // (this ss/kernel pair prints no "ts"/"sack" flags even kernel-to-kernel; wscale and mss it does)
                java.util.regex.Matcher ws = java.util.regex.Pattern.compile("wscale:(\\d+),(\\d+)").matcher(ss);
                assertTrue(ws.find(), "kernel reports window scaling: " + ss);
                TcpSocket c = s.core();
                assertEquals(c.receiveWindowShift(), Integer.parseInt(ws.group(1)), "kernel scales our window by the shift we announced");
                assertEquals(c.sendWindowShift(), Integer.parseInt(ws.group(2)), "we scale the kernel's window by the shift it announced");
                assertEquals(5, c.receiveWindowShift(), "1 MiB receive buffer needs shift 5");
                assertTrue(ss.contains("mss:" + (to.contains(":") ? 1360 - 12 : 1380 - 12)), "kernel segment size toward us: " + ss);
                byte[] reply = ("sha256 " + sha256(got) + "\n").getBytes(StandardCharsets.US_ASCII);
                s.getOutputStream().write(reply);
                s.close();
                assertTrue(nc.waitFor(30, TimeUnit.SECONDS), "kernel client finished");
                assertEquals(0, nc.exitValue(), new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertArrayEquals(reply, Files.readAllBytes(out), "the kernel read our reply");
                assertEquals(CloseReason.NORMAL, s.awaitClosed(5000));
                g.close();
                TcpSocket core = s.core();
                System.out.println("accepted from kernel " + to + ": sack=" + core.sackEnabled() + " ts=" + core.timestampsEnabled()
                        + " wscale snd/rcv=" + core.sendWindowShift() + "/" + core.receiveWindowShift() + ", mss " + core.effectiveMss() + ", " + stats(core));
                assertTrue(core.sackEnabled() && core.timestampsEnabled() && core.sendWindowShift() > 0, "Linux offers SACK, timestamps, window scaling");
            }
        }
    }

    @Test
    @Order(41)
    void acceptsManyConcurrentKernelConnections() throws Exception {
        int n = 24, port = 7001;
        try (BlockingTcpServer listener = new BlockingTcpServer(driver, port)) {
            // n kernel clients at once, each sends its number and prints our answer.
            Path out = server.dir.resolve("many.txt");
            Process clients = spawn(server, "sh", "-c", "for i in $(seq " + n + "); do (echo client-$i | socat -t 10 - TCP:" + OUR_V4 + ":" + port
                    + " >> " + out + ") & done; wait");
            List<Future<String>> served = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                BlockingTcpSocket s = listener.accept(10_000);
                assertNotNull(s, "connection " + i + " of " + n + " accepted");
                served.add(apps.submit(() -> {
                    String line = new String(readAll(s.getInputStream()), StandardCharsets.US_ASCII).trim();
                    s.getOutputStream().write(("served " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                    s.close();
                    return line;
                }));
            }
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (Future<String> f : served) seen.add(f.get(20, TimeUnit.SECONDS));
            assertTrue(clients.waitFor(20, TimeUnit.SECONDS), "all kernel clients finished");
            java.util.Set<String> expected = new java.util.TreeSet<>();
            for (int i = 1; i <= n; i++) expected.add("client-" + i);
            assertEquals(expected, seen, "every kernel client's request arrived on its own connection");
            java.util.Set<String> answers = new java.util.TreeSet<>(Files.readAllLines(out));
            java.util.Set<String> expectedAnswers = new java.util.TreeSet<>();
            for (String e : expected) expectedAnswers.add("served " + e);
            assertEquals(expectedAnswers, answers, "every kernel client read its own answer");
        }
    }

    // ------------------------------------------------------------------ (d) 50 MB each way vs kernel-to-kernel

    // ------------------------------------------------------------------ back-pressure and loss

    @Test
    @Order(5)
    void zeroWindowsBothWays() throws Exception {
        // A kernel reader that stalls 2 s: its receive buffer fills, it advertises a zero window,
        // our sender blocks the application and probes until the window reopens.
        byte[] data = randomBytes(8 << 20);
        Process sink = spawn(server, "sh", "-c", "socat -u " + listen(KERNEL_V4, 5020) + " STDOUT | (sleep 2; sha256sum | cut -d' ' -f1)");
        awaitListening(server, 5020);
        long t0 = System.nanoTime();
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5020, 5000); AutoCloseable g = guard(s, 30)) {
            writeAll(s, data, 64 * 1024);
            s.shutdownOutput();
            assertEquals(sha256(data), awaitOutput(sink, 30).trim(), "intact after the kernel's zero window");
            long probes = driver.call(() -> s.core().probesSent);
            System.out.printf("kernel stalled reading: %d zero-window probes from us, %.1f s%n", probes, (System.nanoTime() - t0) / 1e9);
            assertTrue(probes > 0, "we probed the kernel's zero window: " + driver.call(() -> describe(s.core())));
        }

        // Our application stalls 1.5 s: our window closes, the kernel probes us, we reopen it on read.
        Path file = server.dir.resolve("eight.bin");
        WireGuardGoPeer.check(WireGuardGoPeer.run("sh", "-c", "head -c " + (8 << 20) + " " + bulkFile + " > " + file));
        String sha = sha256sumOf(file.toString());
        Process source = spawn(server, "socat", "-u", "FILE:" + file, listen(KERNEL_V4, 5021));
        awaitListening(server, 5021);
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5021, 5000); AutoCloseable g = guard(s, 30)) {
            Thread.sleep(1500);
            int buffered = driver.call(() -> s.core().available());
            String ss = server.exec("ss", "-Htin", "sport = :5021").out.replaceAll("\\s+", " ").trim();
            System.out.println("we stalled reading with " + buffered + " bytes buffered; kernel ss: " + ss);
            assertTrue(buffered > 0 && buffered <= 1 << 20, "our receive buffer bounds what the kernel could send: " + buffered);
            assertTrue(ss.contains("rwnd_limited:"), "the kernel reports being limited by our receive window: " + ss);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
                md.update(buf, 0, n);
                total += n;
            }
            assertEquals(8 << 20, total);
            assertEquals(sha, HexFormat.of().formatHex(md.digest()), "intact after our zero window");
        }
        assertTrue(source.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    @Order(6)
    void lossyTunnelBothWays() throws Exception {
        byte[] data = randomBytes(6 << 20);
        Path file = server.dir.resolve("lossy.bin");
        Files.write(file, data);
        String sha = sha256(data);
        long[] before = driver.call(() -> new long[] {droppedIn, droppedOut});
        lossRate = 0.03;
        try {
            Process sink = sink(server, KERNEL_V4, 5030);
            long t0;
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5030, 10_000); AutoCloseable g = guard(s, 60)) {
                t0 = System.nanoTime(); // after the handshake: a lost SYN costs a fixed 1 s and says nothing about recovery
                writeAll(s, data, 64 * 1024);
                s.shutdownOutput();
                assertEquals(sha, awaitOutput(sink, 60).trim(), "upload intact at 3 % loss");
                TcpSocket c = s.core();
                System.out.printf("3 %% loss, ours->kernel %.1f MB/s: %s%n", mbps(data.length, System.nanoTime() - t0), driver.call(() -> stats(c)));
                assertTrue(driver.call(() -> c.retransmittedSegments) > 0, "lost segments were retransmitted");
            }
            Process source = spawn(server, "socat", "-u", "FILE:" + file, listen(KERNEL_V4, 5031));
            awaitListening(server, 5031);
            try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5031, 10_000); AutoCloseable g = guard(s, 60)) {
                t0 = System.nanoTime();
                byte[] got = readAll(s.getInputStream());
                System.out.printf("3 %% loss, kernel->ours %.1f MB/s: %s%n", mbps(got.length, System.nanoTime() - t0), driver.call(() -> stats(s.core())));
                assertEquals(data.length, got.length);
                assertArrayEquals(data, got, "download intact at 3 % loss");
            }
            assertTrue(source.waitFor(10, TimeUnit.SECONDS));
        } finally {
            lossRate = 0;
        }
        long[] after = driver.call(() -> new long[] {droppedIn, droppedOut});
        System.out.println("dropped by the test: " + (after[0] - before[0]) + " inbound, " + (after[1] - before[1]) + " outbound TCP packets");
        assertTrue(after[0] > before[0] && after[1] > before[1], "loss was injected both ways");
    }

    @Test
    @Order(7)
    void fiftyMegabytesEachWayNextToKernelToKernel() throws Exception {
        // Kernel to kernel through the same wireguard-go server: client namespace -> server namespace.
        Process kSink = sink(server, KERNEL_V4, 5100);
        long[] udpDrops = new long[5];
        udpDrops[0] = udpRcvbufErrors();
        long t0 = System.nanoTime();
        Process kSend = spawn(client, "socat", "-u", "FILE:" + bulkFile, "TCP:" + KERNEL_V4 + ":5100");
        assertEquals(bulkSha, awaitOutput(kSink, 60).trim(), "kernel-to-kernel upload intact");
        double kernelUp = mbps(BULK_BYTES, System.nanoTime() - t0);
        kSend.waitFor(10, TimeUnit.SECONDS);
        udpDrops[1] = udpRcvbufErrors();

        Process kSource = spawn(server, "socat", "-u", "FILE:" + bulkFile, listen(KERNEL_V4, 5101));
        awaitListening(server, 5101);
        t0 = System.nanoTime();
        Process kRecv = spawn(client, "sh", "-c", "socat -u TCP:" + KERNEL_V4 + ":5101 STDOUT | sha256sum | cut -d' ' -f1");
        assertEquals(bulkSha, awaitOutput(kRecv, 60).trim(), "kernel-to-kernel download intact");
        double kernelDown = mbps(BULK_BYTES, System.nanoTime() - t0);
        kSource.waitFor(10, TimeUnit.SECONDS);
        udpDrops[2] = udpRcvbufErrors();

        // Ours -> kernel: the same sink, our stack as the sender.
        byte[] data = Files.readAllBytes(bulkFile);
        Process sink = sink(server, KERNEL_V4, 5102);
        t0 = System.nanoTime();
        TcpSocket upCore;
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5102, 5000); AutoCloseable g = guard(s, 60)) {
            writeAll(s, data, 64 * 1024);
            s.shutdownOutput();
            assertEquals(bulkSha, awaitOutput(sink, 90).trim(), "50 MB from our stack arrive intact (kernel sha256sum)");
            upCore = s.core();
        }
        double oursUp = mbps(BULK_BYTES, System.nanoTime() - t0);
        udpDrops[3] = udpRcvbufErrors();
        data = null;

        // Kernel -> ours: the kernel serves the file, we hash what arrives.
        Process source = spawn(server, "socat", "-u", "FILE:" + bulkFile, listen(KERNEL_V4, 5103));
        awaitListening(server, 5103);
        t0 = System.nanoTime();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5103, 5000); AutoCloseable g = guard(s, 60)) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
                md.update(buf, 0, n);
                total += n;
            }
            double oursDown = mbps(total, System.nanoTime() - t0);
            assertEquals(BULK_BYTES, total, "bytes received from the kernel");
            assertEquals(bulkSha, HexFormat.of().formatHex(md.digest()), "50 MB from the kernel arrive intact");
            source.waitFor(10, TimeUnit.SECONDS);
            udpDrops[4] = udpRcvbufErrors();
            System.out.println("UDP receive-buffer drops on loopback: kernel up " + (udpDrops[1] - udpDrops[0]) + ", kernel down "
                    + (udpDrops[2] - udpDrops[1]) + ", ours up " + (udpDrops[3] - udpDrops[2]) + ", ours down " + (udpDrops[4] - udpDrops[3]));
            System.out.printf("50 MB through wireguard-go: ours->kernel %.1f MB/s, kernel->ours %.1f MB/s;"
                            + " kernel->kernel %.1f MB/s up, %.1f MB/s down; ratio up %.2f, down %.2f%n",
                    oursUp, oursDown, kernelUp, kernelDown, oursUp / kernelUp, oursDown / kernelDown);
            System.out.println("sender stats: " + stats(upCore) + "; receiver stats: " + stats(s.core()) + "; stack " + drops());
            // Not a benchmark gate (the machine is shared), only a guard against pathological slowness.
            assertTrue(oursUp > kernelUp / 20 && oursDown > kernelDown / 20, "userspace path is pathologically slow");
        }
    }

    // ------------------------------------------------------------------ resets

    @Test
    @Order(8)
    void resetsBothWays() throws Exception {
        // No listener: the kernel answers our SYN with RST and the connect fails at once.
        long t0 = System.nanoTime();
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5998, 5000));
        assertTrue(refused.getMessage().contains("REFUSED"), refused.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused without waiting for timeouts");

        // The kernel aborts (SO_LINGER 0 close after 1000 bytes): our writer sees the reset.
        spawn(server, "socat", "-u", listen(KERNEL_V4, 5040) + ",linger=0", "SYSTEM:head -c 1000 >/dev/null");
        awaitListening(server, 5040);
        try (BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5040, 5000); AutoCloseable g = guard(s, 30)) {
            byte[] data = randomBytes(16 << 20);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> writeAll(s, data, 64 * 1024));
            assertEquals(CloseReason.RESET, s.awaitClosed(5000), "reset by the kernel: " + e.getMessage());
        }

        // We abort: the kernel's reader gets ECONNRESET.
        Process reader = spawn(server, "socat", "-d", "-u", listen(KERNEL_V4, 5041), "OPEN:/dev/null"); // -d: warnings, where socat reports resets
        awaitListening(server, 5041);
        BlockingTcpSocket s = BlockingTcpSocket.connect(driver, IpAddress.parse(KERNEL_V4), 5041, 5000);
        writeAll(s, randomBytes(100_000), 10_000);
        Thread.sleep(100);
        s.abort();
        String out = awaitOutput(reader, 10);
        System.out.println("kernel reader after our RST: " + out.trim().replace('\n', ' '));
        assertTrue(out.contains("Connection reset by peer"), "the kernel's read() failed with ECONNRESET: " + out);
    }

    // ------------------------------------------------------------------ UDP

    @Test
    @Order(9)
    void udpEchoWithTheKernelOverIpv4AndIpv6() throws Exception {
        int port = 5050;
        for (String to : new String[] {KERNEL_V4, KERNEL_V6}) {
            boolean v6 = to.contains(":");
            // Each datagram forks a socat child that echoes it back from the kernel's UDP socket.
            String recv = (v6 ? "UDP6-RECVFROM:" + port + ",bind=[" + to + "]" : "UDP4-RECVFROM:" + port + ",bind=" + to) + ",fork";
            spawn(server, "socat", "-T", "2", recv, "PIPE");
            for (int i = 0; i < 200 && !server.exec("ss", "-Hlun").out.contains(":" + port + " "); i++) Thread.sleep(20);
            IpAddress kernel = IpAddress.parse(to);
            int kernelPort = port;
            java.util.concurrent.LinkedBlockingQueue<byte[]> echoes = new java.util.concurrent.LinkedBlockingQueue<>();
            dev.tabnet.core.netstack.UdpSocket u = driver.call(() -> driver.stack().bindUdp(0, (sock, from, fromPort, data) -> {
                if (from.equals(kernel) && fromPort == kernelPort) echoes.add(data);
            }));
            int max = 1420 - (v6 ? 40 : 20) - 8; // largest datagram that fits the tunnel MTU unfragmented
            for (int size : new int[] {1, 100, 512, 1200, max}) {
                byte[] d = randomBytes(size);
                assertTrue(driver.call(() -> u.send(kernel, kernelPort, d, 0, d.length)), "queued " + size);
                byte[] back = echoes.poll(5, TimeUnit.SECONDS);
                assertNotNull(back, "UDP echo of " + size + " bytes from the kernel at " + to);
                assertArrayEquals(d, back, "UDP payload intact (" + size + " bytes, " + to + ")");
            }
            assertFalse(driver.call(() -> u.send(kernel, kernelPort, new byte[max + 1], 0, max + 1)), "larger than the MTU is refused, not fragmented");
            driver.execute(u::close);
            System.out.println("UDP echo with the kernel at " + to + ": 5 sizes up to " + max + " bytes intact");
            port++;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Loss injected between the tunnel and our stack (no netem in this kernel): TCP packets only. */
    private boolean lose(byte[] ip) {
        if (lossRate == 0) return false;
        int proto = (ip[0] & 0xf0) == 0x40 ? ip[9] : ip[6];
        return proto == 6 && lossRandom.nextDouble() < lossRate;
    }

    /** Aborts s (so blocked readers/writers fail) and prints its state if still open after the given time. */
    private AutoCloseable guard(BlockingTcpSocket s, int seconds) {
        ScheduledFuture<?> f = watchdog.schedule(() -> {
            try {
                System.out.println("WATCHDOG " + seconds + " s: " + driver.call(() -> describe(s.core())) + "; stack " + drops());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.abort();
        }, seconds, TimeUnit.SECONDS);
        return () -> f.cancel(false);
    }

    private static String describe(TcpSocket c) {
        return c + " " + stats(c) + ", sndwnd " + c.sendWindow() + ", cwnd " + c.congestionWindow() + ", ssthresh " + c.slowStartThreshold()
                + ", rto " + c.retransmissionTimeoutNanos() / 1000 + " us, recovery " + c.inFastRecovery() + ", avail " + c.available()
                + ", writable " + c.writable() + ", eos " + c.isEndOfStream();
    }

    /** Root-namespace UDP receive-buffer overflows (our socket and wireguard-go's are both there). */
    private static long udpRcvbufErrors() throws IOException {
        List<String> l = Files.readAllLines(Path.of("/proc/net/snmp"));
        for (int i = 0; i + 1 < l.size(); i++) {
            if (!l.get(i).startsWith("Udp:") || !l.get(i + 1).startsWith("Udp:")) continue;
            List<String> names = List.of(l.get(i).split("\\s+")), values = List.of(l.get(i + 1).split("\\s+"));
            return Long.parseLong(values.get(names.indexOf("RcvbufErrors")));
        }
        return -1;
    }

    private static String stats(TcpSocket s) {
        return "segs out/in " + s.segmentsSent + "/" + s.segmentsReceived + ", rexmit " + s.retransmittedSegments + ", lost rexmit " + s.lostRetransmissions()
                + ", fast-rexmit " + s.fastRetransmits + ", tail probes " + s.tailProbes + ", rto " + s.timeouts + ", srtt " + s.smoothedRttNanos() / 1000 + " us";
    }

    private String drops() throws InterruptedException {
        return driver.call(() -> driver.stack().counters().toString());
    }

    private static String listen(String addr, int port) {
        return addr.contains(":") ? "TCP6-LISTEN:" + port + ",bind=[" + addr + "],reuseaddr" : "TCP-LISTEN:" + port + ",bind=" + addr + ",reuseaddr";
    }

    private static String connect(String addr, int port) {
        return addr.contains(":") ? "TCP6:[" + addr + "]:" + port : "TCP:" + addr + ":" + port;
    }

    /** A kernel TCP server that hashes everything it receives; its output is the hex SHA-256. */
    private Process sink(WireGuardGoPeer where, String addr, int port) throws IOException, InterruptedException {
        Process p = spawn(where, "sh", "-c", "socat -u " + listen(addr, port) + " STDOUT | sha256sum | cut -d' ' -f1");
        awaitListening(where, port);
        return p;
    }

    private Process spawn(WireGuardGoPeer where, String... command) throws IOException {
        Process p = where.spawn(command);
        processes.add(p);
        return p;
    }

    private static void awaitListening(WireGuardGoPeer where, int port) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (where.exec("ss", "-Hltn").out.contains(":" + port + " ")) return;
            Thread.sleep(20);
        }
        throw new IOException("nothing listening on port " + port + " in " + where.namespace);
    }

    private static String awaitOutput(Process p, int seconds) throws Exception {
        Future<byte[]> out = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }).submit(() -> p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "kernel-side process finished within " + seconds + " s");
        return new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static String sha256sumOf(String file) throws IOException {
        return WireGuardGoPeer.check(WireGuardGoPeer.run("sha256sum", file)).out.trim().split("\\s+")[0];
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void writeAll(BlockingTcpSocket s, byte[] data, int chunk) throws IOException {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < data.length; off += chunk) out.write(data, off, Math.min(chunk, data.length - off));
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int got = 0;
        for (int n; got < len && (n = in.read(b, got, len - got)) > 0; ) got += n;
        return got;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) b.write(buf, 0, n);
        return b.toByteArray();
    }

    private static double mbps(long bytes, long nanos) {
        return bytes / (double) MB / (nanos / 1e9);
    }

    private static String lastLine(String s) {
        String[] l = s.trim().split("\n");
        return l[l.length - 1];
    }

    private static long min(long[] a) {
        long m = Long.MAX_VALUE;
        for (long x : a) m = Math.min(m, x);
        return m;
    }

    private static long max(long[] a) {
        long m = 0;
        for (long x : a) m = Math.max(m, x);
        return m;
    }

    private static double avg(long[] a) {
        double s = 0;
        for (long x : a) s += x;
        return s / a.length;
    }
}
