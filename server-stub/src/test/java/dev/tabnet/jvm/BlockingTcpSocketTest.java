package dev.tabnet.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.tcp.CloseReason;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Blocking streams over two real-clock stacks sharing one event-loop thread, linked in memory. */
class BlockingTcpSocketTest {
    @Test
    void streamsMoveDataBothWaysWithBackPressure() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        ExecutorService apps = Executors.newFixedThreadPool(2);
        Clock clock = System::nanoTime;
        IpAddress aAddr = IpAddress.parse("100.64.0.2"), bAddr = IpAddress.parse("100.64.0.1");
        NetStackConfig ca = new NetStackConfig(), cb = new NetStackConfig();
        ca.ipv4 = aAddr;
        cb.ipv4 = bAddr;
        ca.tcp.sendBufferBytes = cb.tcp.sendBufferBytes = 64 * 1024; // small, so writers block often
        NetStackDriver[] d = new NetStackDriver[2];
        d[0] = new NetStackDriver(new NetStack(ca, new SecureEntropy()), clock, loop, p -> loop.execute(() -> d[1].onInboundPacket(p)));
        d[1] = new NetStackDriver(new NetStack(cb, new SecureEntropy()), clock, loop, p -> loop.execute(() -> d[0].onInboundPacket(p)));
        try (BlockingTcpServer server = new BlockingTcpServer(d[1], 22)) {
            BlockingTcpSocket client = BlockingTcpSocket.connect(d[0], bAddr, 22, 5000);
            BlockingTcpSocket accepted = server.accept(5000);
            assertNotNull(accepted);
            int size = 8 << 20;
            byte[] data = new byte[size];
            new java.util.Random(1).nextBytes(data);
            // Echo on the server side: read everything and write it back.
            Future<?> echo = apps.submit(() -> {
                InputStream in = accepted.getInputStream();
                OutputStream out = accepted.getOutputStream();
                byte[] buf = new byte[16384];
                for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) out.write(buf, 0, n);
                out.close();
                return null;
            });
            Future<?> writer = apps.submit(() -> {
                OutputStream out = client.getOutputStream();
                for (int off = 0; off < size; off += 100_000) out.write(data, off, Math.min(100_000, size - off));
                out.close();
                return null;
            });
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            InputStream in = client.getInputStream();
            byte[] buf = new byte[50000];
            long total = 0;
            for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
                got.update(buf, 0, n);
                total += n;
            }
            writer.get();
            echo.get();
            assertEquals(size, total);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest());
            assertEquals(CloseReason.NORMAL, client.awaitClosed(5000));
            assertEquals(-1, in.read());
            long rtt = d[0].ping(bAddr, new byte[32], 2000);
            assertTrue(rtt >= 0, "ping answered by the other stack");
        } finally {
            d[0].close();
            d[1].close();
            loop.shutdownNow();
            apps.shutdownNow();
        }
    }
}
