package dev.tabnet.server.control;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What must happen when one Noise connection ends (map streams to close). Jetty fails the HTTP/2
 * streams of a closed connection on its own, but not always before a test or an expiry timer
 * looks, and a stream it never fails would keep its node "active" until the next keep-alive write.
 */
final class SessionEnds {
    private final Set<Runnable> pending = new LinkedHashSet<>();
    private boolean ended;

    /** Runs r when the connection ends (at once if it already has). */
    void add(Runnable r) {
        synchronized (this) {
            if (!ended) {
                pending.add(r);
                return;
            }
        }
        r.run();
    }

    /** The stream finished on its own: nothing to do for it at the end. */
    synchronized void remove(Runnable r) {
        pending.remove(r);
    }

    void end() {
        Runnable[] all;
        synchronized (this) {
            if (ended) return;
            ended = true;
            all = pending.toArray(new Runnable[0]);
            pending.clear();
        }
        for (Runnable r : all) r.run();
    }
}
