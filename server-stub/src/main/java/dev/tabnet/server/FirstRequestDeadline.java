package dev.tabnet.server;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a new HTTP connection that has not delivered one complete request head within the
 * deadline. Jetty's idle timeout restarts with every byte, so a client dribbling its request
 * line one byte at a time (slowloris) would otherwise hold the connection as long as it likes.
 * Connections that upgraded (WebSocket, Upgrade: DERP, ts2021) are past this point: the relay's
 * accept deadline and the protocols' own idle timeouts take over.
 */
final class FirstRequestDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final long deadlineMillis;

    FirstRequestDeadline(ServerConnector connector, long deadlineMillis) {
        this.scheduler = connector.getScheduler();
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void onOpened(Connection c) {
        if (deadlineMillis <= 0) return;
        scheduler.schedule(() -> {
            // Still this HTTP connection (not upgraded), still open, and no request head parsed yet.
            if (c.getEndPoint().getConnection() == c && c.getEndPoint().isOpen() && c.getMessagesIn() == 0) {
                c.getEndPoint().close(new java.util.concurrent.TimeoutException("no request head within " + deadlineMillis + " ms"));
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
