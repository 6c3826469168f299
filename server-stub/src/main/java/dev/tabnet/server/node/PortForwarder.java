package dev.tabnet.server.node;

import dev.tabnet.jvm.JvmTailnetNode;
import dev.tabnet.jvm.SocketBridge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens on one port of the node's userspace stack and joins every accepted connection to a new
 * local TCP connection. Both sockets are served on the node's loop thread ({@link SocketBridge}):
 * a slow side stalls the other through TCP's windows instead of filling memory, an EOF on one side
 * becomes a FIN (half-close) on the other, and a local address that refuses makes the tailnet side
 * see a reset.
 */
final class PortForwarder implements AutoCloseable {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Two 64 KB buffers and the tailnet socket's queues each: beyond this many open connections on one forward, new ones are reset. */
    static final int MAX_CONNECTIONS = 256;
    /** Only fires connect timeouts; the work itself is on the node's loop. */
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "forward-connect-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final JvmTailnetNode node;
    private final ForwardSpec spec;
    final AtomicLong accepted = new AtomicLong(), refused = new AtomicLong(), active = new AtomicLong(), overLimit = new AtomicLong();
    /** Connections accepted and not yet finished (including those still connecting locally). */
    private final AtomicLong open = new AtomicLong();

    PortForwarder(JvmTailnetNode node, ForwardSpec spec) throws IOException, InterruptedException {
        this.node = node;
        this.spec = spec;
        node.forward(spec.tailnetPort, new InetSocketAddress(spec.targetHost, spec.targetPort), this::admit, this::watchConnect);
    }

    /** On the loop thread, for each accepted connection: its bridge's events, or null to reset it. */
    private SocketBridge.Events admit() {
        accepted.incrementAndGet();
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
            open.decrementAndGet();
            overLimit.incrementAndGet();
            return null;
        }
        return new SocketBridge.Events() {
            private boolean connected;

            @Override
            public void onConnected() {
                connected = true;
                active.incrementAndGet();
            }

            @Override
            public void onRefused(String why) {
                refused.incrementAndGet();
            }

            @Override
            public void onFinished() {
                open.decrementAndGet();
                if (connected) active.decrementAndGet();
            }
        };
    }

    private void watchConnect(SocketBridge b) {
        TIMEOUTS.schedule(() -> node.execute(() -> b.abandonConnect("no answer within " + CONNECT_TIMEOUT_MILLIS + " ms")),
                CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    ForwardSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        try {
            node.stopForwarding(spec.tailnetPort);
        } catch (IOException | InterruptedException e) {
            // the node is gone: nothing listens any more
        }
    }
}
