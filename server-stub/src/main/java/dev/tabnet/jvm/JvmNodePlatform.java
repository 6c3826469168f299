package dev.tabnet.jvm;

import dev.tabnet.console.node.DownloadSink;
import dev.tabnet.console.node.NodePlatform;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.SecureEntropy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A {@link NodePlatform} on the JVM: one event-loop thread (a single-thread scheduled executor)
 * on which every callback runs, java.net.http WebSockets and GETs, SecureRandom. The node code is
 * the same that runs in the tab; use {@link #execute}/{@link #call} to reach it from other threads.
 */
public final class JvmNodePlatform implements NodePlatform, AutoCloseable {
    private final ScheduledExecutorService loop;
    private final HttpClient http;
    private final Entropy entropy = new SecureEntropy();
    private final Duration timeout;

    public JvmNodePlatform(String name) {
        this(name, Duration.ofSeconds(10));
    }

    public JvmNodePlatform(String name, Duration connectTimeout) {
        this.timeout = connectTimeout;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-loop-" + name);
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public long unixTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Entropy entropy() {
        return entropy;
    }

    /** Runs r on the event loop; an exception is printed, never kills the loop. */
    public void execute(Runnable r) {
        loop.execute(() -> runSafely(r));
    }

    /** Runs c on the event loop and waits for its result. */
    public <T> T call(Callable<T> c) throws InterruptedException, ExecutionException {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get();
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("node event loop: task failed: " + e);
            e.printStackTrace();
        }
    }

    private volatile BiFunction<String, Long, DownloadSink> downloads;

    /** Where {@link #openDownload} saves files (the console's scp); without it downloads are refused. */
    public JvmNodePlatform saveDownloadsIn(Path dir) {
        return downloads((name, size) -> FileDownloadSink.create(dir, name));
    }

    /** Downloads go to the sinks open makes (called on the event loop with the file's name and size). */
    public JvmNodePlatform downloads(BiFunction<String, Long, DownloadSink> open) {
        this.downloads = open;
        return this;
    }

    @Override
    public DownloadSink openDownload(String fileName, long size) {
        BiFunction<String, Long, DownloadSink> open = downloads;
        return open == null ? null : open.apply(fileName, size);
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(() -> runSafely(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void httpGet(String url, HttpCallback callback) {
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            execute(() -> callback.onError("bad URL " + url + ": " + e.getMessage()));
            return;
        }
        http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, e) -> execute(() -> {
            if (e != null) callback.onError(describe(e));
            else callback.onResponse(resp.statusCode(), resp.body());
        }));
    }

    static String describe(Throwable e) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof ExecutionException) && c.getCause() != null) c = c.getCause();
        String m = c.getMessage();
        if (c instanceof java.net.ConnectException) return "connection refused" + (m == null || m.isEmpty() ? "" : " (" + m + ")");
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public Socket openWebSocket(String url, String subprotocol, SocketListener listener) {
        JvmSocket s = new JvmSocket(subprotocol, listener);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            s.closed(1006, "bad URL " + url);
            return s;
        }
        http.newWebSocketBuilder().subprotocols(subprotocol).connectTimeout(timeout).buildAsync(uri, s)
                .whenComplete((w, e) -> {
                    if (e != null) s.closed(1006, "connect failed: " + describe(e));
                });
        return s;
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }

    /** One WebSocket: sends in order, whole binary messages to the listener, one close report. */
    private final class JvmSocket implements Socket, WebSocket.Listener {
        private final String subprotocol;
        private final SocketListener listener;
        /** Set once the socket is finished (either side); guards the single close report. */
        private final AtomicBoolean closed = new AtomicBoolean();
        /** We called close(): nothing more reaches the listener. */
        private volatile boolean closedByUs;
        private final AtomicLong buffered = new AtomicLong();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private volatile WebSocket ws;
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        private boolean closeAfterOpen;

        JvmSocket(String subprotocol, SocketListener listener) {
            this.subprotocol = subprotocol;
            this.listener = listener;
        }

        // --- Socket (called on the loop)

        @Override
        public synchronized void send(byte[] data) {
            if (closed.get()) return;
            buffered.addAndGet(data.length);
            WebSocket w = ws;
            if (w == null) throw new IllegalStateException("WebSocket not open yet");
            tail = tail.thenCompose(x -> w.sendBinary(ByteBuffer.wrap(data), true)).whenComplete((x, e) -> {
                buffered.addAndGet(-data.length);
                if (e != null) {
                    w.abort();
                    closed(1006, "send failed: " + describe(e));
                }
            });
        }

        @Override
        public long bufferedAmount() {
            return buffered.get();
        }

        @Override
        public synchronized void close() {
            WebSocket w = ws;
            closedByUs = true;
            if (w == null) {
                closeAfterOpen = true;
                closed.set(true);
                return;
            }
            if (!closed.compareAndSet(false, true)) return;
            tail.thenCompose(x -> w.sendClose(WebSocket.NORMAL_CLOSURE, "")).whenComplete((x, e) ->
                    loop.schedule(w::abort, 2, TimeUnit.SECONDS));
        }

        // --- WebSocket.Listener (java.net.http threads)

        @Override
        public void onOpen(WebSocket w) {
            synchronized (this) {
                ws = w;
                if (closeAfterOpen) {
                    w.abort();
                    return;
                }
            }
            if (!subprotocol.equals(w.getSubprotocol())) {
                w.abort();
                closed(1002, "the server did not accept subprotocol " + subprotocol);
                return;
            }
            w.request(1);
            execute(() -> {
                if (!closedByUs) listener.onOpen();
            });
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            byte[] whole = null;
            synchronized (partial) {
                if (last && partial.size() == 0) {
                    whole = b;
                } else {
                    partial.write(b, 0, b.length);
                    if (last) {
                        whole = partial.toByteArray();
                        partial.reset();
                    }
                }
            }
            if (whole != null) {
                byte[] m = whole;
                execute(() -> {
                    if (!closedByUs) listener.onBinary(m);
                });
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            w.abort();
            closed(1003, "unexpected text message");
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closed(code, reason);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed(1006, describe(error));
        }

        void closed(int code, String reason) {
            if (!closed.compareAndSet(false, true)) return;
            execute(() -> {
                if (!closedByUs) listener.onClose(code, reason);
            });
        }
    }
}
