package dev.tabnet.server.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.MemoryConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's own HTTP/2 server, fed with the decrypted Noise streams. Each ts2021 connection becomes one
 * in-memory connection to a {@link MemoryConnector} speaking h2c with prior knowledge (what the
 * Tailscale client sends inside Noise); the bridge writes the plaintext into the client-side
 * {@link EndPoint} and encrypts what Jetty writes back. It is a separate Jetty {@link Server} so
 * that only the control handlers (never the page) are reachable through Noise.
 */
final class NoiseHttp2Server extends ContainerLifeCycle {
    /** Long-poll map streams sit idle between keep-alives (Tailscale sends one roughly each minute). */
    static final long IDLE_TIMEOUT_MILLIS = 5 * 60_000L;

    private final Server server;
    private final MemoryConnector connector;
    private final Map<EndPoint, ControlSession> sessions = new ConcurrentHashMap<>();

    NoiseHttp2Server(Handler handler) {
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setName("noise-h2");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new MemoryConnector(server, new HTTP2CServerConnectionFactory(http));
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(handler);
        addBean(server);
    }

    /**
     * A new HTTP/2 server connection for one Noise session; returns the client-side end to write the
     * decrypted request bytes into and to read the response bytes from.
     */
    EndPoint connect(ControlSession session) {
        EndPoint.Pipe pipe = connector.connect();
        EndPoint serverSide = pipe.getRemoteEndPoint();
        sessions.put(serverSide, session);
        return pipe.getLocalEndPoint();
    }

    java.util.concurrent.Executor executor() {
        return server.getThreadPool();
    }

    /** Forgets sessions whose HTTP/2 connection has closed. */
    void forgetClosed() {
        sessions.keySet().removeIf(ep -> !ep.isOpen());
    }

    /** The Noise session a request arrived on (null if it did not come through Noise). */
    ControlSession sessionOf(Request request) {
        return sessions.get(request.getConnectionMetaData().getConnection().getEndPoint());
    }

    int openSessions() {
        forgetClosed();
        return sessions.size();
    }

    int openSessionsOf(byte[] machineKey) {
        forgetClosed();
        int n = 0;
        for (ControlSession s : sessions.values()) if (java.util.Arrays.equals(s.machinePublicKey(), machineKey)) n++;
        return n;
    }

    /** Closes the HTTP/2 connections of one client machine (and so its Noise sessions); returns how many. */
    int closeSessionsOf(byte[] machineKey) {
        int n = 0;
        for (Map.Entry<EndPoint, ControlSession> e : sessions.entrySet()) {
            if (java.util.Arrays.equals(e.getValue().machinePublicKey(), machineKey) && e.getKey().isOpen()) {
                e.getKey().close();
                n++;
            }
        }
        forgetClosed();
        return n;
    }
}
