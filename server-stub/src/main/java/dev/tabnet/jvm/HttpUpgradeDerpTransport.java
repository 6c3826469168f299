package dev.tabnet.jvm;

import dev.tabnet.core.derp.DerpConstants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DERP over plain HTTP/1.1 as non-browser Tailscale clients speak it: {@code GET /derp} with
 * {@code Upgrade: DERP}, expect {@code 101 Switching Protocols}, then raw DERP frames on the socket.
 * A reader and a writer thread per connection; events go to the loop.
 */
public final class HttpUpgradeDerpTransport implements DerpTransport {
    private static final byte[] STOP = new byte[0];
    private final Events events;
    private final InetSocketAddress server;
    private final LinkedBlockingQueue<byte[]> writes = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket socket;
    private volatile Map<String, String> responseHeaders = Map.of();

    private HttpUpgradeDerpTransport(InetSocketAddress server, Events events) {
        this.server = server;
        this.events = events;
    }

    public static Factory factory(InetSocketAddress server) {
        return events -> {
            HttpUpgradeDerpTransport t = new HttpUpgradeDerpTransport(server, events);
            Thread th = new Thread(t::readLoop, "derp-upgrade-reader-" + server.getPort());
            th.setDaemon(true);
            th.start();
            return t;
        };
    }

    /** The 101 response's headers, names lower-cased (empty until it arrived). */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    private void readLoop() {
        try (Socket s = new Socket()) {
            socket = s;
            s.connect(server, 10_000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            String host = server.getHostString() + ":" + server.getPort();
            out.write(("GET /derp HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: " + DerpConstants.UPGRADE_TOKEN
                    + "\r\nConnection: Upgrade\r\nUser-Agent: tabnet\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] rest = readResponseHead(in);
            // Frames queued back to back go out in one syscall: writeLoop flushes when the queue runs dry.
            OutputStream buffered = new java.io.BufferedOutputStream(out, 64 << 10);
            Thread writer = new Thread(() -> writeLoop(buffered), "derp-upgrade-writer-" + server.getPort());
            writer.setDaemon(true);
            writer.start();
            events.onOpen();
            if (rest.length > 0) events.onData(rest);
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) > 0; ) events.onData(java.util.Arrays.copyOf(buf, n));
            closedWith("EOF");
        } catch (IOException e) {
            closedWith(String.valueOf(e));
        } finally {
            writes.add(STOP);
        }
    }

    /** Reads up to the blank line; requires 101; returns bytes read past the head. */
    private byte[] readResponseHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf);
            if (n < 0) throw new IOException("connection closed during the HTTP response");
            head.write(buf, 0, n);
            byte[] h = head.toByteArray();
            int end = indexOfBlankLine(h);
            if (end < 0) {
                if (h.length > 16 << 10) throw new IOException("HTTP response head too long");
                continue;
            }
            String[] lines = new String(h, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            if (!lines[0].startsWith("HTTP/1.1 101")) throw new IOException("server refused the DERP upgrade: " + lines[0]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0) headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
            responseHeaders = headers;
            return java.util.Arrays.copyOfRange(h, end + 4, h.length);
        }
    }

    private static int indexOfBlankLine(byte[] h) {
        for (int i = 0; i + 3 < h.length; i++) {
            if (h[i] == '\r' && h[i + 1] == '\n' && h[i + 2] == '\r' && h[i + 3] == '\n') return i;
        }
        return -1;
    }

    private void writeLoop(OutputStream out) {
        try {
            while (true) {
                byte[] b = writes.take();
                if (b == STOP) return;
                out.write(b);
                if (writes.isEmpty()) out.flush();
                pending.addAndGet(-b.length);
            }
        } catch (IOException | InterruptedException e) {
            closedWith("write failed: " + e);
        }
    }

    @Override
    public void send(byte[] data) {
        if (closed.get()) return;
        pending.addAndGet(data.length);
        writes.add(data);
    }

    @Override
    public long pendingBytes() {
        return pending.get();
    }

    private void closedWith(String reason) {
        if (closed.compareAndSet(false, true)) events.onClosed(reason);
        close();
    }

    @Override
    public void close() {
        closed.set(true);
        writes.add(STOP);
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
