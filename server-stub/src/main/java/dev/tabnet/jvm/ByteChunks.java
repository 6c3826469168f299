package dev.tabnet.jvm;

import java.util.Queue;

/** Helpers for queues of byte chunks that go out as one write. */
public final class ByteChunks {
    private ByteChunks() {}

    /**
     * Removes the head chunk and as many following whole chunks as fit in max bytes in all, and
     * returns them joined (the head alone if it is already max or more). A chunk is never split,
     * so each write ends on a chunk boundary. The queue must not be empty.
     */
    public static byte[] takeJoined(Queue<byte[]> queue, int max) {
        byte[] first = queue.poll();
        if (queue.isEmpty() || first.length >= max) return first;
        int total = first.length;
        for (byte[] b : queue) {
            if (total + b.length > max) break;
            total += b.length;
        }
        if (total == first.length) return first;
        byte[] out = new byte[total];
        System.arraycopy(first, 0, out, 0, first.length);
        for (int o = first.length; o < total; ) {
            byte[] b = queue.poll();
            System.arraycopy(b, 0, out, o, b.length);
            o += b.length;
        }
        return out;
    }
}
