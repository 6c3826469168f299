package dev.tabnet.jvm;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.derp.DerpClient;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.NodeKey;
import dev.tabnet.core.derp.ServerInfo;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives a {@link DerpClient} from one event-loop thread: the client is only touched there.
 * Transport events and calls from other threads ({@link #send}, {@link #execute}) are posted to the
 * loop; the loop dials when the client asks (after its jittered backoff), writes what it produces
 * and sleeps until its next deadline. Listener callbacks run on the loop thread.
 */
public final class DerpClientLoop implements AutoCloseable {
    private final DerpClient client;
    private final DerpTransport.Factory factory;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** Own thread (standalone), or null when hosted on another loop (see {@link #hosted}). */
    private final Thread thread;
    /** Where work for the client goes: this loop's own queue, or the host loop's executor. */
    private final java.util.function.Consumer<Runnable> post;
    private volatile boolean running = true;
    private volatile DerpTransport current;
    private long currentId;
    private final java.util.List<WireGuardUdpLoop.TimerSource> timerSources = new java.util.ArrayList<>();
    private volatile long logins;
    private final Object loginMonitor = new Object();

    public DerpClientLoop(byte[] nodePrivateKey, Entropy entropy, DerpClientConfig config, DerpTransport.Factory factory,
                          Clock clock, DerpClientListener listener) {
        this(nodePrivateKey, entropy, config, factory, clock, listener, null);
    }

    private DerpClientLoop(byte[] nodePrivateKey, Entropy entropy, DerpClientConfig config, DerpTransport.Factory factory,
                           Clock clock, DerpClientListener listener, java.util.function.Consumer<Runnable> host) {
        this.factory = factory;
        this.clock = clock;
        this.client = new DerpClient(nodePrivateKey, entropy, config, new CountingListener(listener));
        if (host == null) {
            this.thread = new Thread(this::run, "derp-client-" + NodeKey.of(client.publicKey()).shortString());
            thread.setDaemon(true);
            this.post = tasks::add;
        } else {
            this.thread = null;
            this.post = host;
        }
    }

    /**
     * A client that runs on its host's event loop instead of a thread of its own: transport events
     * are posted with {@code host} and handled there, and the host calls {@link #service} after its
     * own work and sleeps no longer than {@link #nextDeadline}. Listener callbacks then arrive on the
     * host loop directly, which saves a thread hand-off each way per packet (the built-in node's
     * latency). Use {@link #sendOnLoop} and {@link #closeOnLoop} from the host loop.
     */
    public static DerpClientLoop hosted(byte[] nodePrivateKey, Entropy entropy, DerpClientConfig config, DerpTransport.Factory factory,
                                        Clock clock, DerpClientListener listener, java.util.function.Consumer<Runnable> host) {
        return new DerpClientLoop(nodePrivateKey, entropy, config, factory, clock, listener, host);
    }

    /** Hosted mode, on the host loop: timers, dials and writes that are due. */
    public void service(long now) {
        client.onTimer(now);
        for (WireGuardUdpLoop.TimerSource t : timerSources) {
            if (t.nextDeadline() <= now) runSafely(() -> t.onTimer(now));
        }
        drive(now);
    }

    /** Hosted mode: the earliest time {@link #service} has something to do. */
    public long nextDeadline() {
        long d = client.nextDeadline();
        for (WireGuardUdpLoop.TimerSource t : timerSources) d = Math.min(d, t.nextDeadline());
        return d;
    }

    /** Hosted mode, on the host loop: queues a packet; it goes out at the next {@link #service}. */
    public void sendOnLoop(byte[] dstKey, byte[] packet, long now) {
        client.send(dstKey, packet, now);
    }

    /** Hosted mode, on the host loop: stops the client and closes its transport. */
    public void closeOnLoop() {
        running = false;
        client.close();
        drive(clock.nowNanos());
        DerpTransport t = current;
        if (t != null) t.close();
    }

    /** With the JVM's monotonic clock. */
    public static Clock systemClock() {
        return System::nanoTime;
    }

    public DerpClientLoop start() {
        if (thread != null) thread.start();
        else post.accept(() -> service(clock.nowNanos())); // the first dial
        return this;
    }

    public byte[] publicKey() {
        return client.publicKey();
    }

    /** Sends a packet (any thread); queued by the client while disconnected. */
    public void send(byte[] dstKey, byte[] packet) {
        byte[] k = dstKey.clone();
        post.accept(() -> client.send(k, packet, clock.nowNanos()));
    }

    /** Bytes written to the transport but not yet on the wire (a sender's back-pressure signal). */
    public long transportBacklog() {
        DerpTransport t = current;
        return t == null ? 0 : t.pendingBytes();
    }

    /** Runs r on the loop thread. */
    public void execute(Runnable r) {
        post.accept(r);
    }

    /** Runs c on the loop thread and waits for its result (inspecting the client in tests). */
    public <T> T call(Callable<T> c) throws InterruptedException, ExecutionException {
        CompletableFuture<T> f = new CompletableFuture<>();
        post.accept(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get();
    }

    /**
     * Another sans-I/O machine on this loop thread (the WireGuard device, the TCP/IP stack): the
     * loop sleeps no longer than its deadline and calls it when due. Register from the loop thread.
     */
    public void addTimerSource(WireGuardUdpLoop.TimerSource source) {
        timerSources.add(source);
    }

    /** The client, for use inside {@link #execute}/{@link #call} only. */
    public DerpClient client() {
        return client;
    }

    /** Waits until the client has logged in at least n times (ServerInfo received). */
    public boolean awaitLogins(long n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (loginMonitor) {
            while (logins < n) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(loginMonitor, left);
            }
        }
        return true;
    }

    public long logins() {
        return logins;
    }

    private void run() {
        while (running) {
            try {
                long now = clock.nowNanos();
                client.onTimer(now);
                long deadline = client.nextDeadline();
                for (WireGuardUdpLoop.TimerSource t : timerSources) {
                    if (t.nextDeadline() <= now) runSafely(() -> t.onTimer(now));
                    deadline = Math.min(deadline, t.nextDeadline());
                }
                drive(now);
                deadline = Math.min(deadline, client.nextDeadline());
                long waitNanos = deadline == Long.MIN_VALUE ? 0 : deadline == Clock.NEVER ? 1_000_000_000L : Math.max(0, deadline - clock.nowNanos());
                Runnable t = waitNanos == 0 ? tasks.poll() : tasks.poll(Math.min(waitNanos, 1_000_000_000L), TimeUnit.NANOSECONDS);
                int budget = 256;
                while (t != null && running) {
                    runSafely(t);
                    if (--budget == 0) break;
                    t = tasks.poll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("derp client loop: " + e);
            }
        }
        client.close();
        drive(clock.nowNanos());
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println("derp client loop task failed: " + e);
        }
    }

    private void drive(long now) {
        long id = client.pollDial(now);
        if (id != 0) {
            long myId = id;
            currentId = id;
            current = factory.open(new DerpTransport.Events() {
                // Hosted, each event is followed by service(): the host loop has no other reason
                // to write what the client produced while handling it.
                @Override
                public void onOpen() {
                    post.accept(() -> {
                        client.onTransportOpen(myId, clock.nowNanos());
                        if (thread == null) service(clock.nowNanos());
                    });
                }

                @Override
                public void onData(byte[] data) {
                    onData(data, null);
                }

                @Override
                public void onData(byte[] data, Runnable consumed) {
                    post.accept(() -> {
                        try {
                            client.onTransportData(myId, data, clock.nowNanos());
                            if (thread == null) service(clock.nowNanos());
                        } finally {
                            if (consumed != null) consumed.run();
                        }
                    });
                }

                @Override
                public void onClosed(String reason) {
                    post.accept(() -> {
                        client.onTransportClosed(myId, reason, clock.nowNanos());
                        if (thread == null) service(clock.nowNanos());
                    });
                }
            });
        }
        for (byte[] out; (out = client.pollOutgoing()) != null; ) {
            if (current != null) current.send(out);
        }
        if (current != null) current.flush();
        long bad = client.pollCloseTransport();
        if (bad != 0 && bad == currentId && current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        if (thread == null) {
            post.accept(this::closeOnLoop);
            return;
        }
        tasks.add(() -> running = false);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DerpTransport t = current;
        if (t != null) t.close();
    }

    private final class CountingListener implements DerpClientListener {
        private final DerpClientListener inner;

        CountingListener(DerpClientListener inner) {
            this.inner = inner;
        }

        @Override
        public void onPacket(NodeKey source, byte[] data, long nowNanos) {
            inner.onPacket(source, data, nowNanos);
        }

        @Override
        public void onConnected(ServerInfo info, long nowNanos) {
            synchronized (loginMonitor) {
                logins++;
                loginMonitor.notifyAll();
            }
            inner.onConnected(info, nowNanos);
        }

        @Override
        public void onDisconnected(String reason, long nowNanos) {
            inner.onDisconnected(reason, nowNanos);
        }

        @Override
        public void onPeerGone(NodeKey peer, int reason) {
            inner.onPeerGone(peer, reason);
        }

        @Override
        public void onPeerPresent(NodeKey peer, byte[] ip16, int port, int flags) {
            inner.onPeerPresent(peer, ip16, port, flags);
        }

        @Override
        public void onPong(byte[] data) {
            inner.onPong(data);
        }

        @Override
        public void onHealth(String problem) {
            inner.onHealth(problem);
        }

        @Override
        public void onRestarting(long reconnectInMillis, long tryForMillis) {
            inner.onRestarting(reconnectInMillis, tryForMillis);
        }
    }
}
