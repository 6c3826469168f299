package dev.tabnet.server;

import dev.tabnet.server.login.LoginPages;
import dev.tabnet.server.login.LoginRequests;
import dev.tabnet.server.login.NodeAdminPages;
import dev.tabnet.server.login.OperatorCredential;
import dev.tabnet.server.machine.DerpRegion;
import dev.tabnet.server.machine.MapService;
import dev.tabnet.server.machine.RegisterService;
import dev.tabnet.server.tailnet.AclPolicy;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.Tailnet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Handler;

/**
 * The control server's state and services, wired once per server: the tailnet registry, pre-auth
 * keys, phone logins, and the register/map services the ts2021 channel calls. A housekeeping
 * thread expires ephemeral nodes and login links every second.
 */
public final class ControlPlane implements AutoCloseable {
    /** Tag given to browser tabs the operator approves, so ACLs can single them out. */
    public static final String BROWSER_TAG = "tag:browser";

    public final Tailnet tailnet;
    public final PreAuthKeys preAuthKeys;
    public final LoginRequests logins;
    public final RegisterService register;
    public final MapService map;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock = System::currentTimeMillis;

    public ControlPlane(String publicUrl, OperatorCredential credential, AclPolicy acl, String dnsDomain, DerpRegion derp) {
        String base = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "control-housekeeping");
            t.setDaemon(true);
            return t;
        });
        tailnet = new Tailnet(clock, Tailnet.DEFAULT_EPHEMERAL_TIMEOUT_MILLIS, dnsDomain);
        preAuthKeys = new PreAuthKeys(clock);
        logins = new LoginRequests(clock, base + LoginPages.PATH_PREFIX.substring(1), credential);
        register = new RegisterService(tailnet, preAuthKeys, logins, Set.of(BROWSER_TAG), clock);
        map = new MapService(tailnet, acl, derp, scheduler, MapService.KEEPALIVE_MILLIS);
        scheduler.scheduleWithFixedDelay(this::housekeeping, 1, 1, TimeUnit.SECONDS);
    }

    private void housekeeping() {
        try {
            tailnet.expireInactive();
            logins.sweep();
        } catch (RuntimeException e) {
            System.err.println("control housekeeping failed: " + e); // keep the schedule alive
        }
    }

    /** The phone pages: {@code /login/<id>} and {@code /nodes}. */
    public Handler[] pageHandlers() {
        return new Handler[] {new LoginPages(logins), new NodeAdminPages(tailnet, logins, clock)};
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
