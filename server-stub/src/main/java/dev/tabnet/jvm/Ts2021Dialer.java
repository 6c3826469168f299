package dev.tabnet.jvm;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.control.noise.NoiseConn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client side of ts2021 on the JVM (controlhttp's dialers): fetch the control key from
 * {@code /key}, then open {@code /ts2021} over WebSocket (what the browser does) or over the
 * HTTP/1.1 upgrade (what native clients do), and hand back the decrypted {@link Ts2021Stream}.
 * Plain {@code http://} control URLs only (loopback test servers); TLS is out of scope here.
 */
public final class Ts2021Dialer {
    public static final String UPGRADE_HEADER_VALUE = "tailscale-control-protocol";
    public static final String HANDSHAKE_HEADER_NAME = "X-Tailscale-Handshake";

    private final URI controlUrl;
    private final MachineKey machineKey;
    private final int protocolVersion;
    private final Entropy entropy;
    private final long timeoutMillis;

    /** {@code controlUrl} like {@code http://127.0.0.1:8080}. */
    public Ts2021Dialer(URI controlUrl, MachineKey machineKey, int protocolVersion, Entropy entropy, Duration timeout) {
        this.controlUrl = controlUrl;
        this.machineKey = machineKey;
        this.protocolVersion = protocolVersion;
        this.entropy = entropy;
        this.timeoutMillis = timeout.toMillis();
    }

    /** GET /key?v=N and return the raw control Noise key (the "publicKey" member). */
    public byte[] fetchControlKey() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis)).build();
        HttpRequest req = HttpRequest.newBuilder(controlUrl.resolve("/key?v=" + protocolVersion))
                .timeout(Duration.ofMillis(timeoutMillis)).GET().build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) throw new IOException("/key answered " + resp.statusCode() + ": " + resp.body().trim());
        Map<String, Object> m = JSON.std.mapFrom(resp.body());
        try {
            return KeyText.parse(KeyText.MACHINE_PUBLIC, (String) m.get("publicKey"));
        } catch (KeyText.KeyFormatException | ClassCastException e) {
            throw new IOException("/key returned an unusable publicKey: " + e.getMessage());
        }
    }

    /** /ts2021 over WebSocket: initiation in the query string, subprotocol tailscale-control-protocol. */
    public Ts2021Stream dialWebSocket(byte[] controlPublic) throws IOException, InterruptedException {
        NoiseConn noise = newConn(controlPublic);
        Ts2021Stream stream = new Ts2021Stream(noise);
        String b64 = Base64.getEncoder().encodeToString(noise.initiationMessage());
        URI ws = URI.create("ws://" + controlUrl.getRawAuthority() + "/ts2021?" + HANDSHAKE_HEADER_NAME + "="
                + URLEncoder.encode(b64, StandardCharsets.UTF_8));
        WebSocket socket;
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .subprotocols(UPGRADE_HEADER_VALUE)
                    .connectTimeout(Duration.ofMillis(timeoutMillis))
                    .buildAsync(ws, new WsListener(stream))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket to " + ws.getPath() + " failed: " + e.getMessage(), e);
        }
        stream.attach(new WsSink(socket));
        awaitOrClose(stream);
        return stream;
    }

    /** /ts2021 over the HTTP/1.1 upgrade: initiation in the X-Tailscale-Handshake header. */
    public Ts2021Stream dialUpgrade(byte[] controlPublic) throws IOException, InterruptedException {
        NoiseConn noise = newConn(controlPublic);
        Ts2021Stream stream = new Ts2021Stream(noise);
        Socket s = new Socket();
        s.connect(new InetSocketAddress(controlUrl.getHost(), controlUrl.getPort()), (int) timeoutMillis);
        s.setSoTimeout((int) timeoutMillis);
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String request = "POST /ts2021 HTTP/1.1\r\n"
                + "Host: " + controlUrl.getRawAuthority() + "\r\n"
                + "Upgrade: " + UPGRADE_HEADER_VALUE + "\r\n"
                + "Connection: upgrade\r\n"
                + HANDSHAKE_HEADER_NAME + ": " + Base64.getEncoder().encodeToString(noise.initiationMessage()) + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        String status = head.substring(0, Math.max(0, head.indexOf("\r\n")));
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("/ts2021 upgrade refused: " + status);
        }
        // As controlhttp's client: the 101 must name exactly our protocol.
        String next = header(head, "Upgrade");
        if (!UPGRADE_HEADER_VALUE.equals(next)) {
            s.close();
            throw new IOException("server switched to unexpected protocol \"" + next + "\"");
        }
        s.setSoTimeout(0);
        stream.attach(new SocketSink(s));
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) stream.fromNetwork(buf, 0, n);
                stream.networkClosed("EOF");
            } catch (IOException e) {
                stream.networkClosed(e.toString());
            }
        }, "ts2021-upgrade-reader");
        reader.setDaemon(true);
        reader.start();
        awaitOrClose(stream);
        return stream;
    }

    private NoiseConn newConn(byte[] controlPublic) throws IOException {
        NoiseConn noise = NoiseConn.client(machineKey.privateKey(), controlPublic, protocolVersion, entropy,
                System.nanoTime(), timeoutMillis * 1_000_000L);
        if (noise.state() == NoiseConn.State.FAILED) throw new IOException("ts2021: " + noise.errorMessage());
        return noise;
    }

    private void awaitOrClose(Ts2021Stream stream) throws IOException, InterruptedException {
        try {
            stream.awaitEstablished(timeoutMillis);
        } catch (IOException | InterruptedException e) {
            stream.close();
            throw e;
        }
    }

    /** The first value of a header in a response head (name matched case-insensitively), or null. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
        }
        return null;
    }

    /** Reads the HTTP response head byte by byte so nothing of the Noise stream is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed in the HTTP response head");
            b.write(c);
            last4 = last4 << 8 | c;
            if (b.size() > 16 * 1024) throw new IOException("HTTP response head too long");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static final class WsListener implements WebSocket.Listener {
        private final Ts2021Stream stream;

        WsListener(Ts2021Stream stream) {
            this.stream = stream;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            stream.fromNetwork(b, 0, b.length);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            stream.networkClosed("unexpected text message");
            ws.abort();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            stream.networkClosed("WebSocket closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            stream.networkClosed("WebSocket error " + error);
        }
    }

    /** java.net.http allows one outstanding send; chain them (callers already send in order). */
    private static final class WsSink implements Ts2021Stream.NetworkSink {
        private final WebSocket ws;
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

        WsSink(WebSocket ws) {
            this.ws = ws;
        }

        /** Messages of at most 32 KiB, the most Tailscale's and headscale's servers read at once. */
        @Override
        public synchronized void send(byte[] bytes) throws IOException {
            if (tail.isCompletedExceptionally()) throw new IOException("WebSocket send failed");
            for (int off = 0; off < bytes.length; off += NoiseConn.MAX_WEBSOCKET_MESSAGE) {
                ByteBuffer part = ByteBuffer.wrap(bytes, off, Math.min(NoiseConn.MAX_WEBSOCKET_MESSAGE, bytes.length - off));
                tail = tail.thenCompose(x -> ws.sendBinary(part, true));
            }
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((x, e) -> ws.abort());
        }
    }

    private static final class SocketSink implements Ts2021Stream.NetworkSink {
        private final Socket socket;

        SocketSink(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
