package dev.tabnet.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamBufferTest {

    private static byte[] unread(StreamBuffer b) {
        return java.util.Arrays.copyOfRange(b.array(), b.start(), b.start() + b.available());
    }

    /** Random appends and consumes against a plain reference stream: the unread bytes always match. */
    @Test
    void unreadBytesFollowTheStreamThroughCompactionAndGrowth() {
        Random r = new Random(7);
        StreamBuffer b = new StreamBuffer(64);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int consumed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] chunk = new byte[r.nextInt(i % 100 == 0 ? 300 : 40)];
            r.nextBytes(chunk);
            b.append(chunk, 0, chunk.length);
            all.write(chunk, 0, chunk.length);
            int n = r.nextInt(b.available() + 1);
            b.consume(n);
            consumed += n;
            byte[] expected = java.util.Arrays.copyOfRange(all.toByteArray(), consumed, all.size());
            assertArrayEquals(expected, unread(b), "after step " + i);
        }
    }

    @Test
    void aFullyConsumedBufferRestartsAtTheFrontAndKeepsItsBytesUntilTheNextAppend() {
        StreamBuffer b = new StreamBuffer(16);
        b.append(new byte[] {1, 2, 3, 4}, 0, 4);
        byte[] array = b.array();
        b.consume(4);
        assertEquals(0, b.start());
        assertSame(array, b.array());
        assertEquals(3, array[2]);
    }

    @Test
    void aDrainedLargeBufferShrinksOnItsNextSmallAppend() {
        StreamBuffer b = new StreamBuffer(16);
        byte[] big = new byte[200_000];
        b.append(big, 0, big.length);
        assertTrue(b.array().length >= big.length);
        b.consume(big.length);
        b.append(new byte[] {9}, 0, 1);
        assertEquals(16, b.array().length);
        assertArrayEquals(new byte[] {9}, unread(b));
    }

    @Test
    void aDrainedLargeBufferAlsoShrinksForAnAppendLargerThanItsInitialSize() {
        StreamBuffer b = new StreamBuffer(16);
        byte[] big = new byte[200_000];
        b.append(big, 0, big.length);
        b.consume(big.length);
        byte[] message = new byte[32 * 1024];
        message[5] = 7;
        b.append(message, 0, message.length);
        assertEquals(message.length, b.array().length, "one WebSocket message's worth, not the burst's");
        assertArrayEquals(message, unread(b));
    }

    @Test
    void consumingMoreThanIsBufferedIsRefused() {
        StreamBuffer b = new StreamBuffer(16);
        b.append(new byte[3], 0, 3);
        assertThrows(IllegalArgumentException.class, () -> b.consume(4));
        assertEquals(3, b.available());
    }
}
