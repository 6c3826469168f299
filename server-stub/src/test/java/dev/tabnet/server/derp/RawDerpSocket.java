package dev.tabnet.server.derp;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameReader;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A hand-driven DERP-over-WebSocket peer for tests: sends any bytes, sees every frame and the close. */
final class RawDerpSocket implements AutoCloseable {
    final byte[] privateKey = X25519.generatePrivateKey(new SecureEntropy());
    final byte[] publicKey = X25519.publicKey(privateKey);
    private final FrameReader reader = FrameReader.withMaxBody(1 << 20);
    final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket ws;
    byte[] serverKey;
    /** The largest WebSocket message received so far (parts added up until last). */
    volatile int maxMessageBytes;
    private int currentMessage;
    /** While set, the socket stops asking for messages (a receiver that does not read). */
    private volatile boolean paused;
    private volatile boolean owed;

    RawDerpSocket(int port) throws Exception {
        this(port, "");
    }

    /** query: what follows /derp in the URL ("" or "?…"). */
    RawDerpSocket(int port, String query) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(DerpConstants.WEBSOCKET_SUBPROTOCOL)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/derp" + query), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        currentMessage += b.length;
                        if (last) {
                            maxMessageBytes = Math.max(maxMessageBytes, currentMessage);
                            currentMessage = 0;
                        }
                        synchronized (reader) {
                            reader.feed(b);
                            try {
                                for (Frame f; (f = reader.next()) != null; ) frames.add(f);
                            } catch (Exception e) {
                                closed.complete("bad frame from relay: " + e);
                            }
                        }
                        synchronized (RawDerpSocket.this) {
                            if (paused) owed = true;
                            else w.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.complete("error " + error);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        if (owed) {
            owed = false;
            ws.request(1);
        }
    }

    Frame next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame of the given type, skipping others (KeepAlives, ...); null on timeout. */
    Frame nextOfType(int type, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) return null;
            Frame f = frames.poll(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
            if (f == null) {
                if (closed.isDone() && frames.isEmpty()) return null; // nothing more will come
                continue;
            }
            if (f.type == type) return f;
        }
    }

    /** Reads ServerKey, sends ClientInfo, waits for ServerInfo (null if it never came). */
    Frame login() throws Exception {
        Frame sk = next(Duration.ofSeconds(5));
        if (sk == null || sk.type != FrameType.SERVER_KEY) throw new AssertionError("expected ServerKey, got " + sk);
        serverKey = java.util.Arrays.copyOfRange(sk.body, 8, 40);
        send(Frames.frame(FrameType.CLIENT_INFO, ClientInfo.standard("raw-test").seal(privateKey, publicKey, serverKey, new SecureEntropy())));
        return nextOfType(FrameType.SERVER_INFO, Duration.ofSeconds(5));
    }

    void send(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
    }

    void sendText(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    String awaitClosed(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
