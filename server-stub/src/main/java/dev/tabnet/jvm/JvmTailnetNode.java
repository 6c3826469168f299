package dev.tabnet.jvm;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.Netmap;
import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.node.NodeEngine;
import dev.tabnet.core.node.PacketFilter;
import dev.tabnet.core.node.Relays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A whole tailnet node on the JVM: the core {@link NodeEngine} on one event-loop thread, fed
 * MapResponses by whoever talks to control ({@link #onMapResponse}), with one
 * {@link DerpClientLoop} per relay region the engine asks for. JVM callers get blocking ping,
 * connect and listen over the node's userspace TCP/IP stack.
 *
 * <p>The loop waits in a NIO {@link Selector}, so kernel sockets can be served on the loop thread
 * itself ({@link #register}): a port forward then costs no thread hand-off between the tailnet
 * connection and the local one.
 */
public final class JvmTailnetNode implements AutoCloseable {
    /** Opens the byte stream to one region's relay; the default dials the map's WebSocket URL. */
    public interface RelayDialer {
        DerpTransport.Factory transport(int regionId, String webSocketUrl);
    }

    private final byte[] nodePrivateKey;
    private final byte[] discoPrivateKey;
    private final Entropy entropy = new SecureEntropy();
    private final Clock clock = DerpClientLoop.systemClock();
    private final RelayDialer dialer;
    private final NodeEngine engine;
    private final Netmap netmap = new Netmap();
    private final Map<Integer, Relay> relays = new HashMap<>();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Selector selector;
    /** The loop is in (or about to enter) select: a new task must wake it. */
    private final AtomicBoolean selecting = new AtomicBoolean();
    private final Thread thread;
    private final CompletableFuture<NetStackDriver> ready = new CompletableFuture<>();
    private volatile boolean running = true;
    private NetStackDriver driver;
    private volatile long badMapMessages, relaySendDrops;

    private static final class Relay {
        final String url;
        final DerpClientLoop loop;

        Relay(String url, DerpClientLoop loop) {
            this.url = url;
            this.loop = loop;
        }
    }

    public JvmTailnetNode(byte[] nodePrivateKey, byte[] discoPrivateKey, RelayDialer dialer, String name) {
        this.nodePrivateKey = nodePrivateKey.clone();
        this.discoPrivateKey = discoPrivateKey.clone();
        this.dialer = dialer;
        long unixOffset = System.currentTimeMillis() * 1_000_000L - clock.nowNanos();
        this.engine = new NodeEngine(nodePrivateKey, discoPrivateKey, entropy, unixOffset, new LoopRelays());
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the node loop", e);
        }
        this.thread = new Thread(this::run, "tailnet-node-" + name);
        thread.setDaemon(true);
    }

    /** Fresh node and disco keys; relays dialled at the URLs the DERP map gives. */
    public static JvmTailnetNode withNewKeys(String name) {
        return withNewKeys(name, (region, url) -> WebSocketDerpTransport.factory(URI.create(url)));
    }

    public static JvmTailnetNode withNewKeys(String name, RelayDialer dialer) {
        SecureEntropy e = new SecureEntropy();
        return new JvmTailnetNode(X25519.generatePrivateKey(e), X25519.generatePrivateKey(e), dialer, name);
    }

    public JvmTailnetNode start() {
        thread.start();
        return this;
    }

    public byte[] nodePublicKey() {
        return X25519.publicKey(nodePrivateKey);
    }

    public byte[] discoPublicKey() {
        return X25519.publicKey(discoPrivateKey);
    }

    /**
     * One MapResponse body (the JSON, without the 4-byte length). Any thread; applied on the loop.
     * A message that does not parse is counted and skipped.
     */
    public void onMapResponse(byte[] json) {
        execute(() -> {
            Netmap.Changes changes;
            try {
                changes = netmap.apply(JsonReader.parse(json).asObject());
            } catch (RuntimeException e) {
                badMapMessages++;
                System.err.println("tailnet node: bad MapResponse skipped: " + e.getMessage());
                return;
            }
            engine.applyNetmap(netmap, clock.nowNanos());
            if (driver == null && engine.stack() != null) {
                driver = new NetStackDriver(engine.stack(), clock, this::execute,
                        p -> engine.sendFromStack(p, clock.nowNanos()));
                ready.complete(driver);
            }
        });
    }

    /** Waits for the first netmap that gave this node its addresses; the stack driver for loop-thread work. */
    public NetStackDriver awaitReady(long timeoutMillis) throws IOException, InterruptedException {
        try {
            return ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no netmap with this node's addresses within " + timeoutMillis + " ms");
        }
    }

    /** The node's own netmap entry (addresses, name) once known. */
    public NetmapPeer self() throws InterruptedException {
        return call(netmap::self);
    }

    /** Runs fn on the loop thread with the current netmap (read it there only). */
    public <T> T withNetmap(java.util.function.Function<Netmap, T> fn) throws InterruptedException {
        return call(() -> fn.apply(netmap));
    }

    /** Blocking ping over the tunnel: RTT in nanoseconds, or -1 on timeout. */
    public long ping(IpAddress to, long timeoutMillis) throws IOException, InterruptedException {
        return awaitReady(timeoutMillis).ping(to, new byte[32], timeoutMillis);
    }

    public BlockingTcpSocket connect(IpAddress to, int port, long timeoutMillis) throws IOException, InterruptedException {
        return BlockingTcpSocket.connect(awaitReady(timeoutMillis), to, port, timeoutMillis);
    }

    /**
     * Accepts on a port of the node's stack. Connection attempts the netmap's packet filter (the
     * tailnet's ACL, as control compiled it for this node) does not allow never reach it: the
     * engine drops their SYNs, as Tailscale's filter does.
     */
    public BlockingTcpServer listen(int port) throws IOException, InterruptedException {
        return new BlockingTcpServer(awaitReady(10_000), port);
    }

    /**
     * Forwards a port of the node's stack to a local TCP address: each accepted connection is
     * joined to a new connection to target by a {@link SocketBridge} on the loop thread. admit
     * decides per connection (returning null resets it); the events it returns follow that bridge.
     */
    public void forward(int port, InetSocketAddress target, Supplier<SocketBridge.Events> admit,
                        Consumer<SocketBridge> opened) throws IOException, InterruptedException {
        NetStackDriver d = awaitReady(10_000);
        d.call(() -> {
            d.stack().listen(port, s -> {
                SocketBridge.Events events = admit.get();
                if (events == null) {
                    execute(() -> d.runNow(s::abort));
                    return null;
                }
                SocketBridge b = SocketBridge.open(this, d, s, target, events);
                opened.accept(b);
                return b;
            });
            return null;
        });
    }

    /** Stops accepting on a forwarded port (open connections carry on). */
    public void stopForwarding(int port) throws IOException, InterruptedException {
        NetStackDriver d = awaitReady(10_000);
        d.execute(() -> d.stack().stopListening(port));
    }

    /** The packet filter now in force (replaced whenever a netmap changes it). */
    public PacketFilter packetFilter() throws InterruptedException {
        return call(engine::packetFilter);
    }

    /** New inbound connections and datagrams the packet filter dropped. */
    public long filteredConnections() throws InterruptedException {
        return call(engine::filteredInbound);
    }

    /** Runs r on the loop thread; the engine is pumped afterwards, so packets r produced leave at once. */
    public void execute(Runnable r) {
        tasks.add(r);
        if (selecting.compareAndSet(true, false)) selector.wakeup();
    }

    /**
     * Serves a non-blocking channel on the loop: onReady runs on the loop thread whenever the key
     * is ready for its interest set. Call on the loop thread; cancel the key (or close the channel) to stop.
     */
    public SelectionKey register(SelectableChannel channel, int ops, Consumer<SelectionKey> onReady) throws IOException {
        return channel.register(selector, ops, onReady);
    }

    /** Runs fn on the loop thread and waits for its result. */
    public <T> T call(Supplier<T> fn) throws InterruptedException {
        return LoopCall.await(this::execute, fn);
    }

    /** The engine; touch it on the loop thread only. */
    public NodeEngine engine() {
        return engine;
    }

    public long badMapMessages() {
        return badMapMessages;
    }

    public long relaySendDrops() {
        return relaySendDrops;
    }

    /** Waits until the home relay has logged in n times (for tests and start-up messages). */
    public boolean awaitRelayLogin(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            DerpClientLoop home = call(() -> {
                Relay r = relays.get(engine.homeRegion());
                return r == null ? null : r.loop;
            });
            if (home != null) {
                long left = Math.max(1, end - System.nanoTime());
                return home.awaitLogins(1, java.time.Duration.ofNanos(left));
            }
            Thread.sleep(20);
        }
        return false;
    }

    private void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                long now = clock.nowNanos();
                if (engine.nextDeadline() <= now) engine.onTimer(now);
                serviceRelays(now);
                long deadline = engine.nextDeadline();
                for (Relay r : relays.values()) deadline = Math.min(deadline, r.loop.nextDeadline());
                long wait = deadline == Clock.NEVER ? 1_000_000_000L
                        : deadline == Long.MIN_VALUE ? 0 // "as soon as possible" (a relay client's dial)
                        : Math.max(0, Math.min(1_000_000_000L, deadline - clock.nowNanos()));
                waitForWork(wait);
                Runnable t = tasks.poll();
                for (int budget = 256; t != null && running; t = --budget == 0 ? null : tasks.poll()) {
                    try {
                        t.run();
                    } catch (RuntimeException e) {
                        System.err.println("tailnet node task failed: " + e);
                    }
                }
                engine.pump(clock.nowNanos());
                serviceRelays(clock.nowNanos());
            } catch (RuntimeException e) {
                System.err.println("tailnet node loop: " + e);
            }
        }
        closeChannels();
    }

    /** Sleeps until a task is queued, a registered channel is ready, or waitNanos passed; runs ready channels. */
    @SuppressWarnings("unchecked")
    private void waitForWork(long waitNanos) {
        try {
            if (waitNanos > 0 && tasks.isEmpty()) {
                selecting.set(true);
                // Selector timeouts are in milliseconds: round up, never select(0) (that is "forever").
                if (tasks.isEmpty()) selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
                selecting.set(false);
            } else {
                selector.selectNow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node loop selector failed", e);
        }
        var ready = selector.selectedKeys();
        for (SelectionKey k : ready) {
            if (!k.isValid()) continue;
            try {
                ((Consumer<SelectionKey>) k.attachment()).accept(k);
            } catch (RuntimeException e) {
                System.err.println("tailnet node channel handler failed: " + e);
            }
        }
        ready.clear();
    }

    private void closeChannels() {
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Writes what the relay clients queued (packets the engine sent) and runs their timers. */
    private void serviceRelays(long now) {
        for (Relay r : new java.util.ArrayList<>(relays.values())) {
            try {
                r.loop.service(now);
            } catch (RuntimeException e) {
                System.err.println("relay client: " + e);
            }
        }
    }

    /** Relay connections as the engine asks for them; all calls arrive on the loop thread. */
    private final class LoopRelays implements Relays {
        @Override
        public void ensureRelay(int regionId, String webSocketUrl, boolean home) {
            Relay r = relays.get(regionId);
            if (r != null && r.url.equals(webSocketUrl)) return;
            if (r != null) closeLater(r.loop);
            DerpClientConfig c = new DerpClientConfig();
            c.preferred = home;
            // Hosted on this loop: packets reach the engine without another thread hand-off.
            DerpClientLoop loop = DerpClientLoop.hosted(nodePrivateKey, entropy, c, dialer.transport(regionId, webSocketUrl), clock,
                    (src, data, now) -> engine.onRelayPacket(regionId, src.bytes(), data, clock.nowNanos()), JvmTailnetNode.this::execute);
            relays.put(regionId, new Relay(webSocketUrl, loop.start()));
        }

        @Override
        public void retainOnly(Set<Integer> regionIds) {
            relays.entrySet().removeIf(e -> {
                if (regionIds.contains(e.getKey())) return false;
                closeLater(e.getValue().loop);
                return true;
            });
        }

        @Override
        public void send(int regionId, byte[] destinationNodeKey, byte[] packet, long nowNanos) {
            Relay r = relays.get(regionId);
            if (r == null) {
                relaySendDrops++; // the engine only names regions it ensured; counted, never thrown
                return;
            }
            r.loop.sendOnLoop(destinationNodeKey, packet, nowNanos);
        }
    }

    /** Relay clients live on this loop: closing one is immediate and never blocks. */
    private static void closeLater(DerpClientLoop loop) {
        loop.closeOnLoop();
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            running = false;
            for (Relay r : relays.values()) closeLater(r.loop);
            relays.clear();
            if (driver != null) driver.close();
            done.complete(null);
        });
        try {
            done.get(2, TimeUnit.SECONDS);
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            thread.interrupt();
        }
        ready.completeExceptionally(new IOException("node closed"));
    }
}
