package dev.tabnet.browser;

import dev.tabnet.core.Clock;
import org.teavm.jso.JSBody;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/** Monotonic time from performance.now() and one-shot timers from setTimeout. */
public final class BrowserTimers implements Clock {
    @JSBody(script = "return performance.now();")
    private static native double performanceNowMillis();

    @Override
    public long nowNanos() {
        return (long) (performanceNowMillis() * 1_000_000.0);
    }

    /** Schedules handler after delayNanos (rounded up to whole milliseconds); returns an id for cancel. */
    public int schedule(long delayNanos, Runnable handler) {
        double ms = Math.max(0, Math.ceil(delayNanos / 1_000_000.0));
        return Window.setTimeout((TimerHandler) handler::run, ms);
    }

    public void cancel(int id) {
        Window.clearTimeout(id);
    }
}
