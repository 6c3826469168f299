package dev.tabnet.core.util;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Frames waiting to go out on a byte stream that is written in bounded pieces (DERP over WebSocket:
 * one message per piece). {@link #take} fills a piece up to its limit and may split a frame across
 * two pieces, since the peer reads a stream; the rest of a split frame goes first next time.
 */
public final class ChunkQueue implements Iterable<byte[]> {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Bytes of the head chunk already handed out by take. */
    private int headOffset;

    public void add(byte[] chunk) {
        chunks.add(chunk);
    }

    public boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Up to max bytes from the front, joined; null when empty. */
    public byte[] take(int max) {
        if (chunks.isEmpty()) return null;
        int total = -headOffset;
        for (byte[] b : chunks) {
            total += b.length;
            if (total >= max) break;
        }
        total = Math.min(total, max);
        byte[] piece = new byte[total];
        for (int o = 0; o < total; ) {
            byte[] head = chunks.peek();
            int n = Math.min(head.length - headOffset, total - o);
            System.arraycopy(head, headOffset, piece, o, n);
            o += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        return piece;
    }

    /** Drops a head chunk that was partly taken (its start went out on a stream that died). */
    public void dropPartlyTaken() {
        if (headOffset > 0) chunks.poll();
        headOffset = 0;
    }

    public void clear() {
        chunks.clear();
        headOffset = 0;
    }

    /** The whole chunks, head first (a partly taken head included: see {@link #dropPartlyTaken}). */
    @Override
    public Iterator<byte[]> iterator() {
        return chunks.iterator();
    }
}
