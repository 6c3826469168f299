package dev.tabnet.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built-in node enforces the packet filter control compiles from the ACL for it: a forward the
 * ACL does not open to a source is reset at the handshake, and the local server never sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltInNodeAclTest {
    ServerSocket echo;
    final AtomicLong localConnections = new AtomicLong();
    ServerStub stub;
    JvmTailnetNode laptop, other;
    InProcessControl laptopControl, otherControl;
    IpAddress gateway;
    Path acl;

    @BeforeAll
    void start() throws Exception {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try (Socket s = echo.accept()) {
                    localConnections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[4096];
                    for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
                } catch (IOException e) {
                    // next
                }
            }
        }, "echo");
        t.setDaemon(true);
        t.start();
        acl = Files.createTempFile("tabnet-acl", ".json");
        Files.writeString(acl, "{ \"acls\": [\n"
                + "  // only the laptop, and only port 7\n"
                + "  {\"action\": \"accept\", \"src\": [\"laptop\"], \"dst\": [\"tag:server:7\"]},\n"
                + "  {\"action\": \"accept\", \"src\": [\"tag:server\"], \"dst\": [\"*:*\"]},\n"
                + "]}\n");
        int port = echo.getLocalPort();
        stub = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("test-operator-pw").aclFile(acl.toString()).node("gateway")
                .forward(new ForwardSpec(7, "127.0.0.1", port)).forward(new ForwardSpec(9, "127.0.0.1", port))).start();
        gateway = stub.builtInNode().ipv4();
        laptop = JvmTailnetNode.withNewKeys("laptop").start();
        laptopControl = new InProcessControl(stub.control(), laptop, "laptop");
        laptopControl.register(true, Set.of());
        laptopControl.openMapStream();
        other = JvmTailnetNode.withNewKeys("other").start();
        otherControl = new InProcessControl(stub.control(), other, "other");
        otherControl.register(true, Set.of());
        otherControl.openMapStream();
        assertTrue(laptop.awaitRelayLogin(10_000) && other.awaitRelayLogin(10_000));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {laptopControl, otherControl, laptop, other, stub, echo}) if (c != null) c.close();
        if (acl != null) Files.deleteIfExists(acl);
    }

    @Test
    void onlyWhatTheAclAllowsGetsThrough() throws Exception {
        waitFor(() -> stub.builtInNode().node().withNetmap(m -> m.peerByKey(other.nodePublicKey())) != null, "the built-in node sees the other node");

        BlockingTcpSocket ok = laptop.connect(gateway, 7, 10_000);
        byte[] hello = "allowed by the ACL".getBytes(StandardCharsets.UTF_8);
        ok.getOutputStream().write(hello);
        byte[] back = ok.getInputStream().readNBytes(hello.length);
        assertArrayEquals(hello, back, "laptop → tag:server:7 is open");
        ok.close();

        long filteredBefore = stub.builtInNode().node().filteredConnections();
        long localBefore = localConnections.get();
        for (Object[] denied : new Object[][] {{laptop, 9}, {other, 7}}) {
            // The SYN is dropped (Tailscale's filter answers nothing), so the connect times out.
            assertThrows(IOException.class, () -> ((JvmTailnetNode) denied[0]).connect(gateway, (Integer) denied[1], 2_000),
                    "refused: port " + denied[1]);
        }
        assertTrue(stub.builtInNode().node().filteredConnections() >= filteredBefore + 2, "both attempts were filtered");
        assertEquals(localBefore, localConnections.get(), "the local server never saw the refused connections");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, String what) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!c.ok()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out: " + what);
            Thread.sleep(20);
        }
    }
}
