package dev.tabnet.server.machine;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects framed map messages, checking the 4-byte little-endian length of each. */
final class RecordingSink implements MapSink {
    final LinkedBlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();
    volatile boolean closed;
    volatile boolean refuse;

    @Override
    public boolean send(byte[] frame) {
        if (refuse) return false;
        int len = (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 24;
        if (len != frame.length - 4) throw new AssertionError("length prefix " + len + " for " + (frame.length - 4) + " bytes");
        try {
            messages.add(JSON.std.mapFrom(new String(frame, 4, len, StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON", e);
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }

    Map<String, Object> next(Duration timeout) throws InterruptedException {
        Map<String, Object> m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) throw new AssertionError("no map message within " + timeout);
        return m;
    }
}
