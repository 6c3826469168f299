package dev.tabnet.browser;

import org.teavm.jso.JSBody;

/** Wall-clock time from Date.now() (monotonic time is {@link BrowserTimers}). */
public final class BrowserClock {
    private BrowserClock() {}

    @JSBody(script = "return Date.now();")
    private static native double dateNow();

    public static long unixTimeMillis() {
        return (long) dateNow();
    }
}
