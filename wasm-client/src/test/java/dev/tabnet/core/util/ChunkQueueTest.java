package dev.tabnet.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkQueueTest {

    @Test
    void piecesFillUpToTheLimitAndJoinBackIntoTheSameStream() {
        Random r = new Random(3);
        ChunkQueue q = new ChunkQueue();
        ByteArrayOutputStream in = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        for (int i = 0; i < 2000; i++) {
            byte[] chunk = new byte[1 + r.nextInt(300)];
            r.nextBytes(chunk);
            q.add(chunk);
            in.write(chunk, 0, chunk.length);
            if (r.nextInt(3) == 0) {
                int max = 1 + r.nextInt(700);
                byte[] piece = q.take(max);
                assertTrue(piece.length <= max && piece.length > 0);
                out.write(piece, 0, piece.length);
            }
        }
        for (byte[] piece; (piece = q.take(512)) != null; ) out.write(piece, 0, piece.length);
        assertArrayEquals(in.toByteArray(), out.toByteArray());
        assertTrue(q.isEmpty());
    }

    @Test
    void aPieceIsFullWhenEnoughIsQueued() {
        ChunkQueue q = new ChunkQueue();
        q.add(new byte[10]);
        q.add(new byte[10]);
        assertEquals(15, q.take(15).length);
        assertEquals(5, q.take(15).length);
        assertNull(q.take(15));
    }

    @Test
    void droppingAPartlyTakenHeadKeepsTheWholeChunksBehindIt() {
        ChunkQueue q = new ChunkQueue();
        q.add(new byte[] {1, 2, 3});
        q.add(new byte[] {4, 5});
        assertArrayEquals(new byte[] {1, 2}, q.take(2));
        q.dropPartlyTaken();
        List<byte[]> left = new ArrayList<>();
        q.forEach(left::add);
        assertEquals(1, left.size());
        assertArrayEquals(new byte[] {4, 5}, q.take(10));
    }
}
