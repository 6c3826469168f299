package dev.tabnet.tests.http2;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.internal.HTTP2ServerConnection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** Jetty 12 HTTP/2 server in h2c prior-knowledge mode on 127.0.0.1, with test endpoints. */
final class JettyH2cServer implements AutoCloseable {
    final Server server = new Server();
    final ServerConnector connector;
    /** PING ACKs Jetty received (payloads), and GOAWAYs Jetty received (error codes). */
    final ConcurrentLinkedQueue<Long> pingAcksReceived = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> goAwaysReceived = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<SettingsFrame> settingsReceived = new ConcurrentLinkedQueue<>();
    final AtomicInteger concurrentNow = new AtomicInteger();
    final AtomicInteger concurrentMax = new AtomicInteger();

    JettyH2cServer(int maxConcurrentStreams) throws Exception {
        HttpConfiguration hc = new HttpConfiguration();
        hc.setRequestHeaderSize(256 * 1024);
        hc.setResponseHeaderSize(256 * 1024);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(hc) {
            @Override
            protected ServerSessionListener newSessionListener(Connector connector, EndPoint endPoint) {
                return new HTTPServerSessionListener(endPoint) {
                    @Override
                    public void onPing(Session session, PingFrame frame) {
                        if (frame.isReply()) pingAcksReceived.add(frame.getPayloadAsLong());
                    }

                    @Override
                    public void onGoAway(Session session, GoAwayFrame frame) {
                        goAwaysReceived.add(frame.getError());
                    }

                    @Override
                    public void onSettings(Session session, SettingsFrame frame) {
                        settingsReceived.add(frame);
                    }
                };
            }
        };
        h2c.setMaxConcurrentStreams(maxConcurrentStreams);
        connector = new ServerConnector(server, h2c);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                int now = concurrentNow.incrementAndGet();
                concurrentMax.accumulateAndGet(now, Math::max);
                try {
                    serve(request, response);
                    callback.succeeded();
                } catch (Throwable t) {
                    callback.failed(t);
                } finally {
                    concurrentNow.decrementAndGet();
                }
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    private static HTTP2Session session(Request request) {
        return ((HTTP2ServerConnection) request.getConnectionMetaData().getConnection()).getSession();
    }

    private void serve(Request request, Response response) throws Exception {
        String path = Request.getPathInContext(request);
        Fields q = Request.extractQueryParameters(request);
        OutputStream out = Content.Sink.asOutputStream(response);
        switch (path) {
            case "/hello": {
                response.getHeaders().put("content-type", "text/plain");
                response.getHeaders().put("x-method", request.getMethod());
                out.write(("hello from jetty, " + q.getValue("who")).getBytes(StandardCharsets.UTF_8));
                break;
            }
            case "/echo": {
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = in.readAllBytes();
                }
                response.getHeaders().put("x-length", Integer.toString(body.length));
                response.getHeaders().put("x-sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
                out.write(body);
                break;
            }
            case "/bytes": {
                long n = Long.parseLong(q.getValue("n"));
                response.getHeaders().put("content-length", Long.toString(n));
                byte[] buf = new byte[32 * 1024];
                for (long pos = 0; pos < n; ) {
                    int k = (int) Math.min(buf.length, n - pos);
                    for (int i = 0; i < k; i++) buf[i] = pattern(pos + i);
                    out.write(buf, 0, k);
                    pos += k;
                }
                break;
            }
            case "/stream": { // a long-lived response of 4-byte little-endian length-prefixed chunks
                int chunks = Integer.parseInt(q.getValue("chunks"));
                int size = Integer.parseInt(q.getValue("size"));
                long delay = Long.parseLong(q.getValue("delayMs"));
                for (int c = 0; c < chunks; c++) {
                    int len = size + c;
                    byte[] msg = new byte[4 + len];
                    msg[0] = (byte) len;
                    msg[1] = (byte) (len >>> 8);
                    msg[2] = (byte) (len >>> 16);
                    msg[3] = (byte) (len >>> 24);
                    for (int i = 0; i < len; i++) msg[4 + i] = (byte) (c + i);
                    out.write(msg);
                    out.flush();
                    Thread.sleep(delay);
                }
                break;
            }
            case "/headers": {
                int count = Integer.parseInt(q.getValue("count"));
                int size = Integer.parseInt(q.getValue("size"));
                int requestBytes = 0, requestCount = 0;
                for (var f : request.getHeaders()) {
                    if (f.getName().startsWith("x-big-")) {
                        requestBytes += f.getValue().length();
                        requestCount++;
                    }
                }
                response.getHeaders().put("x-request-big-count", Integer.toString(requestCount));
                response.getHeaders().put("x-request-big-bytes", Integer.toString(requestBytes));
                for (int i = 0; i < count; i++) response.getHeaders().put("x-resp-" + i, filler(i, size));
                out.write("ok".getBytes(StandardCharsets.UTF_8));
                break;
            }
            case "/trailers": {
                response.setTrailersSupplier(() -> HttpFields.build().put("x-checksum", "c0ffee").put("x-count", "3"));
                out.write("body before trailers".getBytes(StandardCharsets.UTF_8));
                break;
            }
            case "/interim": {
                response.writeInterim(103, HttpFields.build().put("link", "</style.css>; rel=preload")).get();
                out.write("final".getBytes(StandardCharsets.UTF_8));
                break;
            }
            case "/ping": {
                session(request).ping(new PingFrame(Long.parseLong(q.getValue("payload")), false), Callback.NOOP);
                out.write("pinged".getBytes(StandardCharsets.UTF_8));
                break;
            }
            case "/fail": { // part of a body, then the handler fails: Jetty resets the stream
                out.write(new byte[20_000]);
                out.flush();
                throw new IllegalStateException("handler failed on purpose");
            }
            case "/goaway": {
                out.write("bye".getBytes(StandardCharsets.UTF_8));
                out.close();
                session(request).close(0, "server going away", Callback.NOOP);
                return;
            }
            default:
                response.setStatus(404);
        }
        out.close();
    }

    static String filler(int i, int size) {
        StringBuilder sb = new StringBuilder(size);
        for (int k = 0; k < size; k++) sb.append((char) ('a' + (i * 7 + k) % 26));
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
