package dev.tabnet.core.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Window semantics as wireguard-go's replay package specifies them (8128 counters, limit exclusive). */
class ReplayFilterTest {
    private static final long LIMIT = WireGuardConstants.REJECT_AFTER_MESSAGES;

    @Test
    void windowSizeIs8128() {
        assertEquals(8128, ReplayFilter.WINDOW_SIZE);
    }

    @Test
    void acceptsEachCounterOnceInAnyOrder() {
        ReplayFilter f = new ReplayFilter();
        assertTrue(f.validateCounter(0, LIMIT));
        assertFalse(f.validateCounter(0, LIMIT));
        assertTrue(f.validateCounter(5, LIMIT));
        assertTrue(f.validateCounter(3, LIMIT));
        assertFalse(f.validateCounter(3, LIMIT));
        assertTrue(f.validateCounter(1, LIMIT));
        assertFalse(f.validateCounter(5, LIMIT));
    }

    @Test
    void rejectsCountersOlderThanTheWindow() {
        ReplayFilter f = new ReplayFilter();
        long top = 20_000;
        assertTrue(f.validateCounter(top, LIMIT));
        assertTrue(f.validateCounter(top - ReplayFilter.WINDOW_SIZE, LIMIT), "oldest counter still inside the window");
        assertFalse(f.validateCounter(top - ReplayFilter.WINDOW_SIZE - 1, LIMIT), "one past the window");
        assertFalse(f.validateCounter(top - ReplayFilter.WINDOW_SIZE, LIMIT), "and no second time");
    }

    @Test
    void bigJumpClearsTheRing() {
        ReplayFilter f = new ReplayFilter();
        for (long c = 0; c < 200; c++) assertTrue(f.validateCounter(c, LIMIT));
        long far = 1_000_000;
        assertTrue(f.validateCounter(far, LIMIT));
        // Counters that alias old ring slots must not be mistaken for replays.
        assertTrue(f.validateCounter(far - 64, LIMIT));
        assertTrue(f.validateCounter(far - 8000, LIMIT));
        assertFalse(f.validateCounter(199, LIMIT));
    }

    @Test
    void limitIsExclusiveAndUnsigned() {
        ReplayFilter f = new ReplayFilter();
        assertFalse(f.validateCounter(LIMIT, LIMIT));
        assertFalse(f.validateCounter(-1L, LIMIT)); // 2^64-1
        assertTrue(f.validateCounter(LIMIT - 1, LIMIT));
        assertFalse(f.validateCounter(LIMIT - 1, LIMIT));
        assertTrue(f.validateCounter(LIMIT - 2, LIMIT));
    }
}
