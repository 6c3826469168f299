package dev.tabnet.console.node;

import dev.tabnet.core.Entropy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A NodePlatform driven by the test: a manual clock, recorded requests, timers fired on demand. */
final class ScriptedPlatform implements NodePlatform {
    long now = 1_000_000_000L;
    final Random random = new Random(7);
    final List<String> gets = new ArrayList<>();
    final List<HttpCallback> getCallbacks = new ArrayList<>();
    final List<ScriptedSocket> sockets = new ArrayList<>();
    private final List<long[]> timerTimes = new ArrayList<>();
    private final List<Runnable> timerTasks = new ArrayList<>();

    @Override public long nowNanos() { return now; }
    @Override public long unixTimeMillis() { return 1_760_000_000_000L + now / 1_000_000L; }

    @Override
    public Entropy entropy() {
        return (out, off, len) -> {
            byte[] b = new byte[len];
            random.nextBytes(b);
            System.arraycopy(b, 0, out, off, len);
        };
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        long[] at = {now + delayNanos};
        timerTimes.add(at);
        timerTasks.add(task);
        return () -> at[0] = Long.MAX_VALUE;
    }

    /** Moves the clock forward, firing due timers in order. */
    void advance(long nanos) {
        long end = now + nanos;
        while (true) {
            int next = -1;
            for (int i = 0; i < timerTimes.size(); i++) {
                if (timerTimes.get(i)[0] <= end && (next < 0 || timerTimes.get(i)[0] < timerTimes.get(next)[0])) next = i;
            }
            if (next < 0) break;
            now = Math.max(now, timerTimes.get(next)[0]);
            Runnable task = timerTasks.remove(next);
            timerTimes.remove(next);
            task.run();
        }
        now = end;
    }

    @Override
    public Socket openWebSocket(String url, String subprotocol, SocketListener listener) {
        ScriptedSocket s = new ScriptedSocket(url, subprotocol, listener);
        sockets.add(s);
        return s;
    }

    @Override
    public void httpGet(String url, HttpCallback callback) {
        gets.add(url);
        getCallbacks.add(callback);
    }

    static final class ScriptedSocket implements Socket {
        final String url, subprotocol;
        final SocketListener listener;
        final List<byte[]> sent = new ArrayList<>();
        boolean closed;

        ScriptedSocket(String url, String subprotocol, SocketListener listener) {
            this.url = url;
            this.subprotocol = subprotocol;
            this.listener = listener;
        }

        @Override public void send(byte[] data) { sent.add(data); }
        @Override public long bufferedAmount() { return 0; }
        @Override public void close() { closed = true; }
    }
}
