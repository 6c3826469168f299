package dev.tabnet.jvm;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.wireguard.OutgoingDatagram;
import dev.tabnet.core.wireguard.ReceivedPacket;
import dev.tabnet.core.wireguard.WireGuardConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Drives a {@link WireGuardDevice} over a UDP socket from one event-loop thread: the engine is only
 * ever touched on that thread (other threads hand it work via {@link #execute}/{@link #call}).
 * Endpoints are {@link InetSocketAddress}es. Decrypted packets go to the {@link PacketSink}, also on
 * the loop thread.
 */
public final class WireGuardUdpLoop implements AutoCloseable {
    /** Receives decrypted IP packets on the loop thread; may call back into the device. */
    public interface PacketSink {
        void onIpPacket(WireGuardDevice device, ReceivedPacket packet, long nowNanos);
    }

    /** Sees each outgoing datagram before it is sent; return false to swallow it (tests, capture). */
    public interface OutgoingTap {
        boolean beforeSend(OutgoingDatagram datagram);
    }

    /** Sees each received datagram before the engine does. */
    public interface IncomingTap {
        void onReceive(byte[] datagram, SocketAddress from);
    }

    /**
     * Another sans-I/O state machine sharing the loop thread (e.g. the TCP/IP stack): the loop
     * sleeps no longer than its deadline and calls it when due. Register from the loop thread.
     */
    public interface TimerSource {
        /** Next deadline on the clock's scale, or Clock.NEVER. */
        long nextDeadline();

        void onTimer(long nowNanos);
    }

    /** Requested UDP socket buffer size (wireguard-go asks for 7 MiB on Linux for the same reason). */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final WireGuardDevice device;
    private final java.util.List<TimerSource> timerSources = new java.util.ArrayList<>();
    private final Clock clock;
    private final DatagramChannel channel;
    private final Selector selector;
    private final PacketSink sink;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(65536);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile OutgoingTap outgoingTap;
    private volatile IncomingTap incomingTap;

    public WireGuardUdpLoop(WireGuardDevice device, Clock clock, InetSocketAddress bind, PacketSink sink) throws IOException {
        this.device = device;
        this.clock = clock;
        this.sink = sink;
        this.selector = Selector.open();
        this.channel = DatagramChannel.open();
        // Bursts from a fast peer (a kernel TCP sender behind wireguard-go) overflow the default
        // ~208 KiB receive buffer while this one thread decrypts; the kernel caps it at rmem_max.
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        channel.bind(bind);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        this.thread = new Thread(this::run, "wireguard-udp-" + channel.getLocalAddress());
        thread.setDaemon(true);
    }

    /** A device with the real clock's Unix offset, SecureEntropy, and cookies bound to UDP address ‖ port. */
    public static WireGuardDevice newDevice(byte[] privateKey, WireGuardConfig config, Clock clock) {
        WireGuardConfig c = config == null ? new WireGuardConfig() : config;
        c.endpointBytes = WireGuardUdpLoop::udpEndpointBytes;
        WireGuardDevice d = new WireGuardDevice(privateKey, new SecureEntropy(), c);
        d.setUnixTimeOffsetNanos(System.currentTimeMillis() * 1_000_000L - clock.nowNanos());
        return d;
    }

    public static Clock systemClock() {
        return System::nanoTime;
    }

    /** IP bytes ‖ port (little-endian), the same binding wireguard-go uses for cookies. */
    static byte[] udpEndpointBytes(Object endpoint) {
        if (!(endpoint instanceof InetSocketAddress)) return new byte[0];
        InetSocketAddress a = (InetSocketAddress) endpoint;
        byte[] ip = a.getAddress() == null ? new byte[0] : a.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) a.getPort();
        out[ip.length + 1] = (byte) (a.getPort() >>> 8);
        return out;
    }

    public WireGuardUdpLoop start() {
        thread.start();
        return this;
    }

    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    public void setOutgoingTap(OutgoingTap tap) {
        this.outgoingTap = tap;
    }

    public void setIncomingTap(IncomingTap tap) {
        this.incomingTap = tap;
    }

    /** Runs task on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs fn on the loop thread with the device and the current time, and waits for its result. */
    public <T> T call(Function<WireGuardDevice, T> fn) throws InterruptedException {
        return LoopCall.await(this::execute, () -> fn.apply(device));
    }

    /** Adds a timer source; may be called from any thread (it is registered on the loop thread). */
    public void addTimerSource(TimerSource source) {
        execute(() -> timerSources.add(source));
    }

    public void sendIpPacket(byte[] packet) {
        execute(() -> device.sendIpPacket(packet, 0, packet.length, clock.nowNanos()));
    }

    /** Sends raw bytes from our socket, bypassing the engine (for tests: replays, tampering). */
    public void sendRaw(byte[] datagram, SocketAddress to) {
        execute(() -> send(datagram, to));
    }

    /** Feeds bytes to the engine as if they had arrived from `from`. */
    public void inject(byte[] datagram, SocketAddress from) {
        execute(() -> device.handleDatagram(datagram, 0, datagram.length, from, clock.nowNanos()));
    }

    public long nowNanos() {
        return clock.nowNanos();
    }

    private void run() {
        try {
            while (running) {
                long now = clock.nowNanos();
                if (device.pollTimeout() <= now) device.handleTimers(now);
                runTimerSources(now);
                flush(now);
                long deadline = nextDeadline();
                if (tasks.isEmpty()) {
                    if (deadline == Clock.NEVER) {
                        selector.select();
                    } else {
                        long waitMs = Math.max(1, (deadline - clock.nowNanos() + 999_999) / 1_000_000);
                        selector.select(waitMs);
                    }
                }
                selector.selectedKeys().clear();
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        report("task", e); // a failing caller must not stop the loop
                    }
                }
                receiveAll();
            }
        } catch (IOException e) {
            if (running) System.err.println("wireguard loop stopped: " + e);
        } finally {
            try {
                channel.close();
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private long nextDeadline() {
        long d = device.pollTimeout();
        for (TimerSource s : timerSources) d = Math.min(d, s.nextDeadline());
        return d;
    }

    private void runTimerSources(long now) {
        for (TimerSource s : timerSources) {
            if (s.nextDeadline() > now) continue;
            try {
                s.onTimer(now);
            } catch (RuntimeException e) {
                report("timer source", e);
            }
        }
    }

    private void receiveAll() throws IOException {
        while (true) {
            receiveBuffer.clear();
            SocketAddress from = channel.receive(receiveBuffer);
            if (from == null) return;
            receiveBuffer.flip();
            byte[] data = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(data);
            IncomingTap tap = incomingTap;
            try {
                if (tap != null) tap.onReceive(data, from);
            } catch (RuntimeException e) {
                report("incoming tap", e);
            }
            long now = clock.nowNanos();
            device.handleDatagram(data, 0, data.length, from, now);
            flush(now);
        }
    }

    private void flush(long now) {
        drainDatagrams();
        for (ReceivedPacket p; (p = device.pollIpPacket()) != null; ) {
            try {
                sink.onIpPacket(device, p, now);
            } catch (RuntimeException e) {
                report("packet sink", e);
            }
            drainDatagrams(); // the sink may have answered
        }
    }

    private void drainDatagrams() {
        for (OutgoingDatagram d; (d = device.pollDatagram()) != null; ) {
            OutgoingTap tap = outgoingTap;
            try {
                if (tap != null && !tap.beforeSend(d)) continue;
            } catch (RuntimeException e) {
                report("outgoing tap", e);
            }
            if (d.endpoint instanceof SocketAddress) send(d.data, (SocketAddress) d.endpoint);
        }
    }

    private static void report(String where, RuntimeException e) {
        System.err.println("wireguard loop: " + where + " failed: " + e);
    }

    private void send(byte[] data, SocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(data), to);
        } catch (IOException e) {
            // UDP is lossy by nature; a failed send is a lost datagram, WireGuard's timers recover.
            System.err.println("wireguard udp send to " + to + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
