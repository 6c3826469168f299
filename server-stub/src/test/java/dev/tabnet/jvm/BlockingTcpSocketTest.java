package dev.tabnet.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.tcp.CloseReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking streams over two real-clock stacks sharing one event-loop thread, linked in memory. */
class BlockingTcpSocketTest {
    /** Small core buffers, so writers block often and the bound below stays tight. */
    private static final int CORE_BUFFER = 64 * 1024;
    /** Most a writer can get ahead of a reader that never reads: every buffer on the path, full. */
    private static final int PATH_BOUND =
            BlockingTcpSocket.PENDING_BYTES + CORE_BUFFER + CORE_BUFFER + BlockingTcpSocket.INBOUND_BYTES;

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final ExecutorService apps = Executors.newFixedThreadPool(2);
    private final IpAddress aAddr = IpAddress.parse("100.64.0.2"), bAddr = IpAddress.parse("100.64.0.1");
    private final NetStackDriver[] d = new NetStackDriver[2];
    private BlockingTcpServer server;
    private BlockingTcpSocket client, accepted;

    @BeforeEach
    void connect() throws Exception {
        Clock clock = System::nanoTime;
        NetStackConfig ca = new NetStackConfig(), cb = new NetStackConfig();
        ca.ipv4 = aAddr;
        cb.ipv4 = bAddr;
        ca.tcp.sendBufferBytes = cb.tcp.sendBufferBytes = CORE_BUFFER;
        ca.tcp.receiveBufferBytes = cb.tcp.receiveBufferBytes = CORE_BUFFER;
        d[0] = new NetStackDriver(new NetStack(ca, new SecureEntropy()), clock, loop, p -> loop.execute(() -> d[1].onInboundPacket(p)));
        d[1] = new NetStackDriver(new NetStack(cb, new SecureEntropy()), clock, loop, p -> loop.execute(() -> d[0].onInboundPacket(p)));
        server = new BlockingTcpServer(d[1], 22);
        client = BlockingTcpSocket.connect(d[0], bAddr, 22, 5000);
        accepted = server.accept(5000);
        assertNotNull(accepted);
    }

    @AfterEach
    void stop() {
        server.close();
        d[0].close();
        d[1].close();
        loop.shutdownNow();
        apps.shutdownNow();
    }

    @Test
    void streamsMoveDataBothWaysWithBackPressure() throws Exception {
        int size = 8 << 20;
        byte[] data = random(size, 1);
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
        byte[] got = readAll(client.getInputStream(), 50000);
        writer.get();
        echo.get();
        assertArrayEquals(sha256(data), sha256(got));
        assertEquals(CloseReason.NORMAL, client.awaitClosed(5000));
        assertEquals(-1, client.getInputStream().read());
        long rtt = d[0].ping(bAddr, new byte[32], 2000);
        assertTrue(rtt >= 0, "ping answered by the other stack");
    }

    @Test
    void readersThatStallBoundWhatWritersBufferThenGetEverything() throws Exception {
        int size = 4 << 20;
        byte[] up = random(size, 2), down = random(size, 3);
        AtomicLong upDone = new AtomicLong(), downDone = new AtomicLong();
        Future<?> upWriter = apps.submit(() -> writeAll(client, up, 4096, upDone));
        Future<?> downWriter = apps.submit(() -> writeAll(accepted, down, 4096, downDone));
        // Nobody reads: both writers must stop once the buffers on their path are full.
        long stalledUp = awaitStall(upDone), stalledDown = awaitStall(downDone);
        assertTrue(stalledUp <= PATH_BOUND && stalledDown <= PATH_BOUND,
                "writers stopped at " + stalledUp + " / " + stalledDown + " bytes, bound " + PATH_BOUND);
        assertTrue(stalledUp > BlockingTcpSocket.INBOUND_BYTES && stalledDown > BlockingTcpSocket.INBOUND_BYTES,
                "the readers' inbound buffers filled first: " + stalledUp + " / " + stalledDown);
        assertEquals(BlockingTcpSocket.INBOUND_BYTES, accepted.getInputStream().available(), "draining stopped when full");
        // Slow readers (small reads) then take everything, in order, and writers finish.
        Future<byte[]> upRead = apps.submit(() -> readAll(accepted.getInputStream(), 1000));
        byte[] gotDown = readAll(client.getInputStream(), 700);
        upWriter.get(30, TimeUnit.SECONDS);
        downWriter.get(30, TimeUnit.SECONDS);
        assertArrayEquals(sha256(up), sha256(upRead.get(30, TimeUnit.SECONDS)));
        assertArrayEquals(sha256(down), sha256(gotDown));
        assertEquals(CloseReason.NORMAL, client.awaitClosed(5000));
        assertEquals(CloseReason.NORMAL, accepted.awaitClosed(5000));
    }

    @Test
    void halfCloseFollowsPendingBytesAndReadingContinues() throws Exception {
        byte[] data = random(1 << 20, 4);
        OutputStream out = client.getOutputStream();
        Future<?> writer = apps.submit(() -> {
            out.write(data, 0, data.length);
            client.shutdownOutput(); // right away, while most bytes are still pending
            return null;
        });
        byte[] got = readAll(accepted.getInputStream(), 8192); // EOF only after every byte
        writer.get(10, TimeUnit.SECONDS);
        assertArrayEquals(sha256(data), sha256(got));
        IOException late = assertThrows(IOException.class, () -> out.write(1));
        assertEquals("socket closed for writing", late.getMessage());
        // The other direction is still open.
        byte[] reply = "reply after half-close".getBytes();
        accepted.getOutputStream().write(reply, 0, reply.length);
        accepted.close();
        assertArrayEquals(reply, readAll(client.getInputStream(), 100));
        assertEquals(CloseReason.NORMAL, client.awaitClosed(5000));
    }

    @Test
    void abortWakesABlockedWriterAndResetsThePeer() throws Exception {
        byte[] chunk = random(4096, 5);
        AtomicLong written = new AtomicLong();
        Future<?> writer = apps.submit(() -> {
            OutputStream out = client.getOutputStream();
            while (true) {
                out.write(chunk, 0, chunk.length);
                written.addAndGet(chunk.length);
            }
        });
        awaitStall(written); // the writer is now blocked on a full pending buffer
        client.abort();
        ExecutionException e = assertThrows(ExecutionException.class, () -> writer.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("connection ABORTED", e.getCause().getMessage());
        assertEquals(CloseReason.ABORTED, client.awaitClosed(5000));
        // The peer reads what had arrived, then learns of the reset.
        IOException reset = assertThrows(IOException.class, () -> readAll(accepted.getInputStream(), 65536));
        assertEquals("connection RESET", reset.getMessage());
    }

    private static Void writeAll(BlockingTcpSocket s, byte[] data, int chunk, AtomicLong done) throws IOException {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            out.write(data, off, n);
            done.addAndGet(n);
        }
        out.close();
        return null;
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) all.write(buf, 0, n);
        return all.toByteArray();
    }

    /** Waits until {@code progress} has not moved for 600 ms; returns its value. */
    private static long awaitStall(AtomicLong progress) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long last = -1;
        int still = 0;
        while (System.nanoTime() < deadline) {
            long now = progress.get();
            still = now == last && now > 0 ? still + 1 : 0;
            if (still == 3) return now;
            last = now;
            Thread.sleep(200);
        }
        throw new AssertionError("writer never stalled; at " + last);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
