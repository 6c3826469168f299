package dev.tabnet.jvm;

import dev.tabnet.core.Clock;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.PingCallback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link NetStack} on an existing single event-loop thread (e.g. {@link WireGuardUdpLoop}):
 * every stack call happens on that thread via the loop's executor. Outbound packets go to
 * {@code link} (on the loop thread). A small waker thread only sleeps until the stack's next
 * deadline and then posts a timer task; it never touches the stack itself.
 */
public final class NetStackDriver implements AutoCloseable {
    private final NetStack stack;
    private final Clock clock;
    private final Executor loop;
    private final Consumer<byte[]> link;
    private final Thread waker;
    private volatile long wakeAt = Clock.NEVER;
    private volatile boolean running = true;

    public NetStackDriver(NetStack stack, Clock clock, Executor loop, Consumer<byte[]> link) {
        this.stack = stack;
        this.clock = clock;
        this.loop = loop;
        this.link = link;
        this.waker = new Thread(this::wakerLoop, "netstack-timer");
        waker.setDaemon(true);
        waker.start();
    }

    /** Feeds an inbound IP packet; call on the loop thread (e.g. from WireGuardUdpLoop's PacketSink). */
    public void onInboundPacket(byte[] packet) {
        stack.receive(packet, 0, packet.length, clock.nowNanos());
        pump();
    }

    /** Runs {@code task} on the loop thread with a fresh time, then sends what it produced. */
    public void execute(Runnable task) {
        loop.execute(() -> {
            stack.advance(clock.nowNanos());
            task.run();
            pump();
        });
    }

    /** Like {@link #execute}, but already on the loop thread (e.g. a channel handler): runs task now. */
    public void runNow(Runnable task) {
        stack.advance(clock.nowNanos());
        try {
            task.run();
        } finally {
            pump();
        }
    }

    /** Runs {@code fn} on the loop thread and waits for its result. */
    public <T> T call(Supplier<T> fn) throws InterruptedException {
        return LoopCall.await(this::execute, fn);
    }

    /** Blocking ping: the RTT in nanoseconds, or -1 on timeout. */
    public long ping(IpAddress to, byte[] data, long timeoutMillis) throws InterruptedException {
        CompletableFuture<Long> f = new CompletableFuture<>();
        execute(() -> stack.ping(to, data, new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] d) {
                f.complete(rttNanos);
            }

            @Override
            public void onTimeout(IpAddress t, int sequence) {
                f.complete(-1L);
            }
        }));
        try {
            return f.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    /** The stack; touch it only on the loop thread. */
    public NetStack stack() {
        return stack;
    }

    /** Drains outbound packets to the link and re-arms the timer; loop thread only. */
    public void pump() {
        for (byte[] p; (p = stack.pollOutbound()) != null; ) link.accept(p);
        long d = stack.nextDeadline();
        long prev = wakeAt;
        wakeAt = d;
        if (d < prev) LockSupport.unpark(waker);
    }

    private void wakerLoop() {
        while (running) {
            long at = wakeAt;
            long now = clock.nowNanos();
            if (at == Clock.NEVER) {
                LockSupport.park(this);
            } else if (at > now) {
                LockSupport.parkNanos(this, at - now);
            } else {
                wakeAt = Clock.NEVER; // re-armed by pump() after the timer task ran
                loop.execute(() -> {
                    stack.advance(clock.nowNanos());
                    pump();
                });
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(waker);
    }
}
