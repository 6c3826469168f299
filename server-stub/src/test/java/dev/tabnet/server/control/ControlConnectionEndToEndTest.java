package dev.tabnet.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.core.control.ControlConnection;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.jvm.ControlWebSocket;
import dev.tabnet.jvm.Ts2021Dialer;
import dev.tabnet.server.ServerConfig;
import dev.tabnet.server.ServerStub;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's whole control channel in the core — Noise, early-payload peek and the core HTTP/2
 * client ({@link ControlConnection}) — against the real server over a real WebSocket, as a browser
 * tab will run it: register with a pre-auth key, then read the map stream.
 */
class ControlConnectionEndToEndTest {
    private static final int VERSION = 145;
    private static final SecureEntropy ENTROPY = new SecureEntropy();
    private static ServerStub server;
    private static byte[] controlKey;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerStub(ServerConfig.defaults().port(0)).start();
        controlKey = new Ts2021Dialer(URI.create("http://127.0.0.1:" + server.port()), MachineKey.generate(ENTROPY), VERSION, ENTROPY,
                Duration.ofSeconds(10)).fetchControlKey();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Collects one response; for the map stream, splits the body into length-prefixed messages. */
    static final class Collector implements Http2StreamListener {
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final CompletableFuture<String> body = new CompletableFuture<>();
        final LinkedBlockingQueue<String> mapMessages = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private int parsed; // map framing: bytes of buf already split into messages

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
                mapMessages.add(new String(all, parsed + 4, n, StandardCharsets.UTF_8));
                parsed += 4 + n;
            }
        }

        @Override
        public void onEnd(Http2Stream s) {
            body.complete(buf.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onReset(Http2Stream s, int errorCode, boolean refused, String reason) {
            status.completeExceptionally(new AssertionError("reset: " + reason));
            body.completeExceptionally(new AssertionError("reset: " + reason));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void coreClientRegistersAndReadsTheMapOverAWebSocket() throws Exception {
        MachineKey machine = MachineKey.generate(ENTROPY);
        byte[] nodeKey = ENTROPY.bytes(32);
        Http2Config h2 = new Http2Config();
        h2.authority = "127.0.0.1:" + server.port();
        h2.scheme = "https"; // as the Go client names its requests inside Noise
        ControlConnection conn = ControlConnection.open(machine, controlKey, VERSION, h2, null, ENTROPY, System.nanoTime());

        // Queue the register request before the handshake has even started: it leaves once Noise is up.
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("Version", VERSION);
        reg.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        reg.put("OldNodeKey", KeyText.format(KeyText.NODE_PUBLIC, new byte[32]));
        reg.put("Auth", Map.of("AuthKey", server.control().preAuthKeys.create(false, true, java.util.Set.of(), 60_000).text));
        reg.put("Expiry", "0001-01-01T00:00:00Z");
        reg.put("Hostinfo", Map.of("Hostname", "core-tab", "OS", "js"));
        reg.put("Ephemeral", true);
        List<HeaderField> json = List.of(new HeaderField("content-type", "application/json"));
        Collector register = new Collector();
        byte[] regBody = JSON.std.asBytes(reg);
        conn.request("POST", "/machine/register", json, regBody, register); // before the socket even exists
        ControlWebSocket runner = ControlWebSocket.connect(URI.create("http://127.0.0.1:" + server.port()), conn, Duration.ofSeconds(10));

        assertEquals(200, register.status.get(10, TimeUnit.SECONDS));
        Map<String, Object> answer = JSON.std.mapFrom(register.body.get(10, TimeUnit.SECONDS));
        assertEquals(Boolean.TRUE, answer.get("MachineAuthorized"), answer.toString());
        assertEquals(ControlConnection.State.OPEN, conn.state());

        Map<String, Object> mapReq = new LinkedHashMap<>();
        mapReq.put("Version", VERSION);
        mapReq.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        mapReq.put("DiscoKey", KeyText.format(KeyText.DISCO_PUBLIC, ENTROPY.bytes(32)));
        mapReq.put("Stream", true);
        mapReq.put("Hostinfo", Map.of("Hostname", "core-tab"));
        Collector map = new Collector();
        byte[] mapBody = JSON.std.asBytes(mapReq);
        runner.call(() -> conn.request("POST", "/machine/map", json, mapBody, map));
        assertEquals(200, map.status.get(10, TimeUnit.SECONDS));
        String first = map.mapMessages.poll(10, TimeUnit.SECONDS);
        assertNotNull(first, "first map message");
        Map<String, Object> netmap = JSON.std.mapFrom(first);
        Map<String, Object> self = (Map<String, Object>) netmap.get("Node");
        assertEquals(KeyText.format(KeyText.NODE_PUBLIC, nodeKey), self.get("Key"));
        assertEquals(machine.publicText(), self.get("Machine"));
        assertTrue(self.get("Name").toString().startsWith("core-tab"), self.toString());
        assertNotNull(netmap.get("DERPMap"));
        assertEquals(null, conn.failure());
        runner.close();
        assertTrue(runner.closed().get(10, TimeUnit.SECONDS).startsWith("WebSocket closed"));
        assertEquals(ControlConnection.State.CLOSED, conn.state());
    }
}
