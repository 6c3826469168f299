package dev.tabnet.browser;

import dev.tabnet.core.Clock;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.TimerHandler;
import org.teavm.jso.browser.Window;

/** Monotonic time from performance.now(), one-shot timers from setTimeout, and posted tasks. */
public final class BrowserTimers implements Clock {
    private JSObject poster;

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

    /**
     * Runs task in a new task of the page's event loop, after the events already queued (such as
     * the WebSocket messages the browser hands over together). A MessageChannel rather than
     * setTimeout(0): no timer clamping, and not throttled in a background tab.
     */
    public void post(Runnable task) {
        if (poster == null) poster = newPoster();
        post(poster, task::run);
    }

    @JSFunctor
    interface Task extends JSObject {
        void run();
    }

    @JSBody(script = "var channel = new MessageChannel(), tasks = [];"
            + "channel.port1.onmessage = function () { tasks.shift()(); };"
            + "return function (task) { tasks.push(task); channel.port2.postMessage(0); };")
    private static native JSObject newPoster();

    @JSBody(params = {"poster", "task"}, script = "poster(task);")
    private static native void post(JSObject poster, Task task);
}
