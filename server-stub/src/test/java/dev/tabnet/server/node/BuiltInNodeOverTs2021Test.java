package dev.tabnet.server.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.jvm.BlockingTcpSocket;
import dev.tabnet.jvm.ControlWebSocket;
import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.jvm.Ts2021Dialer;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node the way a tab is one: ts2021 over a WebSocket (core Noise + HTTP/2) for register and the
 * map stream, DERP over another WebSocket, and the core node engine. It finds the server's
 * built-in node in its netmap, pings it and talks through its forward to a local service.
 */
class BuiltInNodeOverTs2021Test {
    private static final int VERSION = 130;
    private static final SecureEntropy ENTROPY = new SecureEntropy();

    /** Splits the map response body into messages and feeds each to the node. */
    static final class MapFeed implements Http2StreamListener {
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final JvmTailnetNode node;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private int parsed;
        volatile int messages;

        MapFeed(JvmTailnetNode node) {
            this.node = node;
        }

        @Override
        public void onHeaders(Http2Stream s, int code, List<HeaderField> headers, boolean endStream) {
            status.complete(code);
        }

        @Override
        public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {
            buf.write(data, off, len);
            byte[] all = buf.toByteArray();
            while (all.length - parsed >= 4) {
                int n = (all[parsed] & 0xff) | (all[parsed + 1] & 0xff) << 8 | (all[parsed + 2] & 0xff) << 16 | (all[parsed + 3] & 0xff) << 24;
                if (n < 0 || all.length - parsed - 4 < n) break;
                byte[] json = new byte[n];
                System.arraycopy(all, parsed + 4, json, 0, n);
                node.onMapResponse(json);
                messages++;
                parsed += 4 + n;
            }
        }
    }

    static final class Body implements Http2StreamListener {
        final CompletableFuture<String> body = new CompletableFuture<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {
            buf.write(data, off, len);
        }

        @Override
        public void onEnd(Http2Stream s) {
            body.complete(buf.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRemoteStyleNodeSeesPingsAndUsesTheBuiltInNode() throws Exception {
        try (ServerSocket hello = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread svc = new Thread(() -> {
                try (Socket s = hello.accept()) {
                    byte[] name = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(("hello " + new String(name, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // the assertions below will tell
                }
            }, "hello-service");
            svc.setDaemon(true);
            svc.start();
            try (ServerStub stub = new ServerStub(ServerConfig.defaults().port(0).operatorPassword("test-operator-pw").node("gateway")
                    .forward(new ForwardSpec(80, "127.0.0.1", hello.getLocalPort()))).start();
                 JvmTailnetNode tab = JvmTailnetNode.withNewKeys("tab").start()) {
                URI base = URI.create("http://127.0.0.1:" + stub.port());
                MachineKey machine = MachineKey.generate(ENTROPY);
                byte[] controlKey = new Ts2021Dialer(base, machine, VERSION, ENTROPY, Duration.ofSeconds(10)).fetchControlKey();
                Http2Config h2 = new Http2Config();
                h2.authority = "127.0.0.1:" + stub.port();
                h2.scheme = "https";
                ControlConnection conn = ControlConnection.open(machine, controlKey, VERSION, h2, null, ENTROPY, System.nanoTime());
                List<HeaderField> json = List.of(new HeaderField("content-type", "application/json"));

                Map<String, Object> reg = new LinkedHashMap<>();
                reg.put("Version", VERSION);
                reg.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, tab.nodePublicKey()));
                reg.put("Auth", Map.of("AuthKey", stub.control().preAuthKeys.create(false, true, Set.of(), 60_000).text));
                reg.put("Hostinfo", Map.of("Hostname", "tab"));
                reg.put("Ephemeral", true);
                Body register = new Body();
                conn.request("POST", "/machine/register", json, JSON.std.asBytes(reg), register);
                ControlWebSocket ws = ControlWebSocket.connect(base, conn, Duration.ofSeconds(10));
                try {
                    assertEquals(Boolean.TRUE, JSON.std.mapFrom(register.body.get(10, TimeUnit.SECONDS)).get("MachineAuthorized"));

                    Map<String, Object> mapReq = new LinkedHashMap<>();
                    mapReq.put("Version", VERSION);
                    mapReq.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, tab.nodePublicKey()));
                    mapReq.put("DiscoKey", KeyText.format(KeyText.DISCO_PUBLIC, tab.discoPublicKey()));
                    mapReq.put("Stream", true);
                    mapReq.put("Hostinfo", Map.of("Hostname", "tab"));
                    MapFeed feed = new MapFeed(tab);
                    byte[] mapBody = JSON.std.asBytes(mapReq);
                    ws.call(() -> conn.request("POST", "/machine/map", json, mapBody, feed));
                    assertEquals(200, feed.status.get(10, TimeUnit.SECONDS));
                    tab.awaitReady(10_000);
                    assertTrue(tab.awaitRelayLogin(10_000), "the tab's relay connection logs in");

                    byte[] gwKey = stub.builtInNode().node().nodePublicKey();
                    NetmapPeer gw = tab.withNetmap(m -> m.peerByKey(gwKey));
                    assertNotNull(gw, "the built-in node is in the netmap the tab got over ts2021");
                    assertEquals(List.of(BuiltInNode.TAG), gw.tags);
                    IpAddress gwAddr = stub.builtInNode().ipv4();
                    long rtt = tab.ping(gwAddr, 5_000);
                    assertTrue(rtt >= 0, "ping answered through the relay");

                    BlockingTcpSocket s = tab.connect(gwAddr, 80, 10_000);
                    OutputStream out = s.getOutputStream();
                    out.write("world".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "the local service answered, then closed");
                    s.close();
                    System.out.printf("[BuiltInNodeOverTs2021Test] ts2021 node → relay → built-in node: ping %.2f ms, %d map messages%n", rtt / 1e6, feed.messages);
                } finally {
                    ws.close();
                }
            }
        }
    }
}
