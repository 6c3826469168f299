package dev.tabnet.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import dev.tabnet.server.tailnet.TailnetNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server with its built-in node, and a second JVM node registered with a pre-auth key: both
 * reach each other only through the server's relay, over real loopback WebSockets. The forward
 * ends in a plain java.net echo server, which sees the kernel's TCP, not ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltInNodeTest {
    static final int ECHO_PORT_ON_TAILNET = 7;
    static final int REFUSED_PORT_ON_TAILNET = 9;
    static final int FIREHOSE_PORT_ON_TAILNET = 19;
    static final int RESETTING_PORT_ON_TAILNET = 21;
    static final int SILENT_PORT_ON_TAILNET = 23;
    static final int FIREHOSE_BYTES = 40 << 20;

    ServerSocket echo, firehose, resetting, silent;
    final java.util.List<Socket> silentQueue = new java.util.ArrayList<>();
    final AtomicLong firehoseWritten = new AtomicLong();
    int closedLocalPort;
    final AtomicLong echoEofs = new AtomicLong();
    ServerStub stub;
    JvmTailnetNode laptop;
    InProcessControl laptopControl;
    IpAddress gateway;

    @BeforeAll
    void start() throws Exception {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::echoLoop, "echo");
        t.setDaemon(true);
        t.start();
        firehose = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread f = new Thread(this::firehoseLoop, "firehose");
        f.setDaemon(true);
        f.start();
        resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread r = new Thread(this::resettingLoop, "resetting");
        r.setDaemon(true);
        r.start();
        // A listener that never accepts, with its accept queue full: the kernel drops further SYNs,
        // so a connect to it neither succeeds nor fails (as a host that went silent).
        silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 2; i++) silentQueue.add(new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort()));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedLocalPort = s.getLocalPort(); // nothing listens here once closed
        }
        stub = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("test-operator-pw").node("gateway")
                .forward(new ForwardSpec(ECHO_PORT_ON_TAILNET, "127.0.0.1", echo.getLocalPort()))
                .forward(new ForwardSpec(REFUSED_PORT_ON_TAILNET, "127.0.0.1", closedLocalPort))
                .forward(new ForwardSpec(FIREHOSE_PORT_ON_TAILNET, "127.0.0.1", firehose.getLocalPort()))
                .forward(new ForwardSpec(RESETTING_PORT_ON_TAILNET, "127.0.0.1", resetting.getLocalPort()))
                .forward(new ForwardSpec(SILENT_PORT_ON_TAILNET, "127.0.0.1", silent.getLocalPort()))).start();
        gateway = stub.builtInNode().ipv4();

        laptop = JvmTailnetNode.withNewKeys("laptop").start();
        laptopControl = new InProcessControl(stub.control(), laptop, "laptop");
        laptopControl.register(true, Set.of());
        laptopControl.openMapStream();
        laptop.awaitReady(10_000);
        assertTrue(laptop.awaitRelayLogin(10_000), "the second node logs in to the relay");
    }

    /** Echoes every byte; on EOF it half-closes, so the client's FIN comes back as a FIN. */
    void echoLoop() {
        while (!echo.isClosed()) {
            Socket s;
            try {
                s = echo.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> {
                try (s) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[16384];
                    for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
                    echoEofs.incrementAndGet();
                    s.shutdownOutput();
                    in.read(); // wait for the other side's close
                } catch (IOException ignored) {
                    // connection reset: the test's assertions will say
                }
            }, "echo-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Writes FIREHOSE_BYTES as fast as the connection takes them, then closes (the server ends the stream). */
    void firehoseLoop() {
        while (!firehose.isClosed()) {
            try (Socket s = firehose.accept()) {
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[16384];
                for (long sent = 0; sent < FIREHOSE_BYTES; sent += chunk.length) {
                    out.write(chunk);
                    firehoseWritten.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads one byte, then closes with SO_LINGER 0: the forward's local side sees a reset. */
    void resettingLoop() {
        while (!resetting.isClosed()) {
            try (Socket s = resetting.accept()) {
                s.getInputStream().read();
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                if (resetting.isClosed()) return;
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (Socket s : silentQueue) s.close();
        if (silent != null) silent.close();
        if (resetting != null) resetting.close();
        if (firehose != null) firehose.close();
        if (laptopControl != null) laptopControl.close();
        if (laptop != null) laptop.close();
        if (stub != null) stub.close();
        if (echo != null) echo.close();
    }

    @Test
    void builtInNodeIsRegisteredTaggedAndInTheOtherNodesNetmap() throws Exception {
        TailnetNode reg = stub.builtInNode().registered();
        assertFalse(reg.ephemeral, "the server's node outlives its connections");
        assertEquals(Set.of(BuiltInNode.TAG), reg.tags);
        assertEquals("gateway.tabnet.internal", reg.fqdn.replaceAll("\\.$", ""));
        byte[] key = stub.builtInNode().node().nodePublicKey();
        NetmapPeer seen = laptop.withNetmap(m -> m.peerByKey(key));
        assertNotNull(seen, "the laptop's netmap lists the built-in node");
        assertTrue(seen.name.startsWith("gateway."), seen.name);
        assertEquals(List.of(BuiltInNode.TAG), seen.tags);
        assertTrue(seen.addresses.contains(gateway), seen.addresses + " holds " + gateway);
        assertTrue(stub.control().tailnet.isActive(reg), "its control stream and relay connection count as activity");
        assertNotNull(stub.builtInNode().node().withNetmap(m -> m.peerByKey(laptop.nodePublicKey())), "and it sees the laptop");
    }

    @Test
    void pingsThroughTheRelayAreAnswered() throws Exception {
        long[] rtts = new long[5];
        for (int i = 0; i < rtts.length; i++) rtts[i] = laptop.ping(gateway, 5_000);
        for (long r : rtts) assertTrue(r >= 0, "every echo request answered: " + Arrays.toString(rtts));
        assertTrue(stub.builtInNode().node().call(() -> stub.builtInNode().node().engine().relayPacketsIn()) >= 5);
        System.out.printf("[BuiltInNodeTest] ping over the relay: %s ms%n",
                Arrays.toString(Arrays.stream(rtts).mapToObj(r -> String.format("%.2f", r / 1e6)).toArray()));
    }

    @Test
    void forwardedConnectionReachesTheLocalEchoServerByteExactAndHalfCloses() throws Exception {
        int size = 4 << 20;
        byte[] data = new byte[size];
        new Random(11).nextBytes(data);
        long eofsBefore = echoEofs.get();
        BlockingTcpSocket s = laptop.connect(gateway, ECHO_PORT_ON_TAILNET, 10_000);
        long t0 = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < size; off += 50_000) out.write(data, off, Math.min(50_000, size - off));
                out.close(); // FIN: the echo server sees EOF and half-closes back
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
            got.update(buf, 0, n);
            total += n;
        }
        writer.get(30, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(size, total, "every byte came back, then EOF");
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest());
        assertEquals(eofsBefore + 1, echoEofs.get(), "our FIN reached the local server as EOF");
        assertEquals(CloseReason.NORMAL, s.awaitClosed(10_000), "both FINs exchanged");
        System.out.printf("[BuiltInNodeTest] %d MB echoed through the forward in %.2f s (%.1f MB/s each way)%n", size >> 20, secs, size / 1e6 / secs);
    }

    @Test
    void aReaderThatStopsHoldsBackTheLocalWriterAndTheServersCloseArrivesAsEof() throws Exception {
        BlockingTcpSocket s = laptop.connect(gateway, FIREHOSE_PORT_ON_TAILNET, 10_000);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        long total = in.read(buf, 0, buf.length);
        Thread.sleep(2_000); // the laptop reads nothing: every buffer on the way fills, then the writer blocks
        long stalled = firehoseWritten.get();
        Thread.sleep(500);
        assertEquals(stalled, firehoseWritten.get(), "the local writer is blocked, not feeding a growing buffer");
        assertTrue(stalled < FIREHOSE_BYTES / 2, "bounded buffering on the way: " + stalled + " bytes");
        for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) total += n;
        assertEquals(FIREHOSE_BYTES, total, "everything, then EOF from the server's close");
        s.close();
        assertEquals(CloseReason.NORMAL, s.awaitClosed(10_000));
        System.out.printf("[BuiltInNodeTest] a stalled reader held the local writer at %.1f MB (kernel, forwarder and both TCP stacks' buffers)%n", stalled / 1e6);
    }

    @Test
    void aForwardWhoseLocalAddressRefusesResetsTheTailnetConnection() throws Exception {
        long before = stub.builtInNode().refusedConnections();
        BlockingTcpSocket s = laptop.connect(gateway, REFUSED_PORT_ON_TAILNET, 10_000);
        assertThrows(IOException.class, () -> s.getInputStream().read(new byte[10]));
        assertEquals(CloseReason.RESET, s.awaitClosed(10_000));
        assertEquals(before + 1, stub.builtInNode().refusedConnections());
    }

    @Test
    void aLocalServerThatResetsResetsTheTailnetConnection() throws Exception {
        BlockingTcpSocket s = laptop.connect(gateway, RESETTING_PORT_ON_TAILNET, 10_000);
        s.getOutputStream().write('x');
        s.getOutputStream().flush();
        assertThrows(IOException.class, () -> {
            for (byte[] b = new byte[10]; s.getInputStream().read(b) >= 0; ) {
                // nothing is sent back: the read ends with the reset
            }
        });
        assertEquals(CloseReason.RESET, s.awaitClosed(10_000));
    }

    @Test
    void aLocalAddressThatNeverAnswersIsGivenUpAfterTheConnectTimeout() throws Exception {
        long before = stub.builtInNode().refusedConnections();
        long started = System.nanoTime();
        BlockingTcpSocket s = laptop.connect(gateway, SILENT_PORT_ON_TAILNET, 10_000);
        assertThrows(IOException.class, () -> s.getInputStream().read(new byte[10]));
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(CloseReason.RESET, s.awaitClosed(10_000));
        assertTrue(waitedMillis >= PortForwarder.CONNECT_TIMEOUT_MILLIS - 500 && waitedMillis < PortForwarder.CONNECT_TIMEOUT_MILLIS + 5_000,
                "reset after the connect timeout, not before or much later: " + waitedMillis + " ms");
        assertEquals(before + 1, stub.builtInNode().refusedConnections());
    }

    @Test
    void aPortWithoutAForwardIsRefused() {
        IOException e = assertThrows(IOException.class, () -> laptop.connect(gateway, 8, 10_000));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
}
