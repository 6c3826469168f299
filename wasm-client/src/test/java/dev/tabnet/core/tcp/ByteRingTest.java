package dev.tabnet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The growable ring against a plain model: every live byte reads back as written across growth and wrap-around. */
class ByteRingTest {

    @Test
    void smallRingAllocatesOnlyWhatIsUsedAndGrowsToTheCapacity() {
        ByteRing r = new ByteRing(1 << 20);
        assertEquals(ByteRing.INITIAL_BYTES, r.allocated());
        r.write(0, 0, new byte[100], 0, 100);
        assertEquals(ByteRing.INITIAL_BYTES, r.allocated(), "100 live bytes fit the initial array");
        r.write(0, 100, new byte[10_000], 0, 10_000);
        assertEquals(16384, r.allocated());
        r.write(0, 10_100, new byte[(1 << 20) - 10_100], 0, (1 << 20) - 10_100);
        assertEquals(1 << 20, r.allocated());
        assertThrows(IllegalArgumentException.class, () -> r.write(0, 1 << 20, new byte[1], 0, 1), "beyond the capacity");
        assertEquals(3000, new ByteRing(3000).allocated(), "a capacity below the initial size is allocated as is");
    }

    @Test
    void liveBytesSurviveGrowthAtAnyPhase() {
        Random rnd = new Random(1);
        for (int round = 0; round < 300; round++) {
            int capacity = 1 + rnd.nextInt(70_000);
            ByteRing r = new ByteRing(capacity);
            long start = 0, end = 0; // live window [start, end); byte at offset o is model(o)
            for (int op = 0; op < 60; op++) {
                if (rnd.nextBoolean()) {
                    int room = (int) (start + capacity - end);
                    int n = room == 0 ? 0 : rnd.nextInt(Math.min(room, 1 + rnd.nextInt(20_000))) + 1;
                    if (n > room) n = room;
                    byte[] b = new byte[n + 3];
                    for (int i = 0; i < n; i++) b[3 + i] = model(end + i);
                    r.write(start, end, b, 3, n);
                    end += n;
                } else {
                    start += rnd.nextInt((int) (end - start) + 1);
                }
                assertTrue(r.allocated() <= capacity);
                int len = (int) (end - start);
                byte[] got = new byte[len];
                r.read(start, got, 0, len);
                byte[] want = new byte[len];
                for (int i = 0; i < len; i++) want[i] = model(start + i);
                assertArrayEquals(want, got, "round " + round + " op " + op);
            }
        }
    }

    /** Out-of-order placement as the receive queue does it: a later range first, then the gap. */
    @Test
    void outOfOrderWritesAheadOfTheLiveStartSurviveGrowth() {
        ByteRing r = new ByteRing(1 << 16);
        long base = 5_000_000_123L;
        byte[] later = new byte[20_000];
        for (int i = 0; i < later.length; i++) later[i] = model(base + 30_000 + i);
        r.write(base, base + 30_000, later, 0, later.length);
        byte[] gap = new byte[30_000];
        for (int i = 0; i < gap.length; i++) gap[i] = model(base + i);
        r.write(base, base, gap, 0, gap.length);
        byte[] got = new byte[50_000];
        r.read(base, got, 0, got.length);
        for (int i = 0; i < got.length; i++) assertEquals(model(base + i), got[i], "offset " + i);
    }

    private static byte model(long offset) {
        return (byte) (offset * 7 + (offset >>> 8));
    }
}
