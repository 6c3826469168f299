package dev.tabnet.tests.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.http2.ErrorCode;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2ConnectionListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our HTTP/2 client against nghttpd (nghttp2's server, Debian package nghttp2-server) in cleartext
 * prior-knowledge mode: a second independent peer, configured to pad every frame (-b), add trailers,
 * keep small receive windows (-w 14: 16 KiB per stream), allow 8 concurrent streams and decode with a
 * 256-octet HPACK table (-c 256, so our encoder must shrink its table). nghttpd's frame log (-v) is
 * checked for errors after each test.
 */
class NghttpdInteropTest {
    private static final String NGHTTPD = "/usr/sbin/nghttpd";
    private static Process server;
    private static Path docroot;
    private static Path log;
    private static int port;
    private static byte[] big;

    private SocketHttp2Client client;
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startNghttpd() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(NGHTTPD)), "nghttpd not installed (apt-get install nghttp2-server)");
        docroot = Files.createTempDirectory("nghttpd-docroot");
        log = Files.createTempFile("nghttpd", ".log");
        Files.writeString(docroot.resolve("hello.txt"), "hello from nghttpd\n");
        big = new byte[5 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7 + (i >>> 9));
        Files.write(docroot.resolve("big.bin"), big);
        for (int i = 0; i < 64; i++) Files.writeString(docroot.resolve("f" + i + ".txt"), "file " + i + " " + "x".repeat(i * 100));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder(NGHTTPD, "--no-tls", "-a", "127.0.0.1", "-d", docroot.toString(), "-b", "7", "-m", "8",
            "-w", "14", "-c", "256", "--trailer", "x-trailer: from-nghttpd", "--echo-upload", "-v", Integer.toString(port))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) throw new IllegalStateException("nghttpd did not start: " + Files.readString(log));
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopNghttpd() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
        if (docroot != null) {
            try (Stream<Path> files = Files.walk(docroot)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
            }
        }
        if (log != null) Files.deleteIfExists(log);
    }

    private void connect(Http2Config cfg) throws IOException {
        cfg.authority = "127.0.0.1:" + port;
        Files.writeString(log, ""); // each test checks only its own part of the frame log
        client = new SocketHttp2Client(port, cfg, new Http2ConnectionListener() {
            @Override
            public void onGoAway(int lastStreamId, int errorCode, byte[] debugData) {
                events.add("goaway " + ErrorCode.name(errorCode));
            }

            @Override
            public void onClosed(int errorCode, String reason) {
                events.add("closed " + ErrorCode.name(errorCode) + " " + reason);
            }
        });
    }

    @AfterEach
    void closeClient() throws Exception {
        if (client != null) client.close();
    }

    private Collected get(String path, List<HeaderField> headers) {
        Collected c = new Collected();
        client.post(conn -> conn.request("GET", path, headers, null, true, c));
        return c;
    }

    /** nghttpd logs each frame it receives; none may carry an error and it must not have failed us. */
    private void assertPeerSawNoErrors() throws IOException {
        String text = Files.readString(log);
        for (String line : text.split("\n")) {
            if (line.contains("error_code=") && !line.contains("error_code=NO_ERROR")) throw new AssertionError("nghttpd: " + line);
            if (line.contains("PROTOCOL_ERROR") || line.contains("COMPRESSION_ERROR") || line.contains("FLOW_CONTROL_ERROR")) {
                throw new AssertionError("nghttpd: " + line);
            }
        }
        assertTrue(text.contains("recv SETTINGS frame"), "the log is the frame log");
        for (String e : events) assertFalse(e.contains("ERROR") && !e.contains("NO_ERROR"), e);
    }

    @Test
    void paddedFramesTrailersAndAFiveMegabyteFile() throws Exception {
        connect(new Http2Config());
        Collected hello = get("/hello.txt", List.of()).await(10);
        assertEquals(200, hello.status);
        assertEquals("hello from nghttpd\n", new String(hello.bytes(), StandardCharsets.UTF_8));
        assertTrue(hello.trailers != null && hello.trailers.contains(new HeaderField("x-trailer", "from-nghttpd")), "trailers: " + hello.trailers);
        long t0 = System.nanoTime();
        Collected file = get("/big.bin", List.of()).await(60);
        double secs = (System.nanoTime() - t0) / 1e9;
        assertArrayEquals(big, file.bytes());
        assertEquals(Integer.toString(big.length), file.header("content-length"));
        System.out.printf("nghttpd: 5 MiB file with padded frames in %.2f s (%d DATA frames)%n", secs, file.dataFrames);
        Collected missing = get("/nope", List.of()).await(10);
        assertEquals(404, missing.status);
        assertTrue(Files.readString(log).contains("(padlen=7)"), "nghttpd really padded the frames it sent");
        assertPeerSawNoErrors();
    }

    @Test
    void uploadsRespectSmallPeerWindowsAndManyStreamsQueue() throws Exception {
        connect(new Http2Config());
        byte[] body = new byte[1 << 20];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i ^ (i >>> 8));
        Collected echo = new Collected();
        client.post(conn -> conn.request("POST", "/hello.txt", List.of(new HeaderField("content-type", "application/octet-stream")), body, true, echo));
        echo.await(60);
        assertEquals(200, echo.status);
        assertArrayEquals(body, echo.bytes(), "nghttpd --echo-upload returned our body through its 16 KiB stream window");

        List<Collected> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) all.add(new Collected());
        int waiting = client.call(conn -> {
            for (int i = 0; i < 64; i++) conn.request("GET", "/f" + i + ".txt", List.of(), null, true, all.get(i));
            return conn.waitingStreams();
        });
        assertEquals(64 - 8, waiting, "nghttpd allows 8 concurrent streams");
        for (int i = 0; i < 64; i++) {
            assertEquals("file " + i + " " + "x".repeat(i * 100), new String(all.get(i).await(30).bytes(), StandardCharsets.UTF_8));
        }
        assertPeerSawNoErrors();
    }

    @Test
    void ourEncoderObeysThePeersSmallHeaderTable() throws Exception {
        connect(new Http2Config());
        get("/hello.txt", List.of()).await(10);
        assertEquals(256L, (long) client.<Long>call(c -> c.peerSettings().headerTableSize));
        for (int round = 0; round < 20; round++) {
            List<HeaderField> h = new ArrayList<>();
            for (int i = 0; i < 6; i++) h.add(new HeaderField("x-h" + ((round + i) % 8), "value-" + (round * 31 + i) % 11 + "-" + "z".repeat(i * 10)));
            Collected c = get("/hello.txt", h).await(10);
            assertEquals(200, c.status, "round " + round);
            assertTrue(client.<Integer>call(conn -> conn.hpackEncoderTableSize()) <= 256);
        }
        assertPeerSawNoErrors();
    }
}
