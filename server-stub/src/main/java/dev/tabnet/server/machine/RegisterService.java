package dev.tabnet.server.machine;

import dev.tabnet.server.login.LoginRequests;
import dev.tabnet.server.login.PendingLogin;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@code POST /machine/register}, as headscale answers it: a known node key is authorized at once;
 * a pre-auth key registers synchronously; otherwise the client gets a one-time login URL, and its
 * follow-up request (Followup = that URL) waits until the operator approves or the link dies.
 * Failures come back in the response's {@code Error} field, as Tailscale clients expect.
 */
public final class RegisterService {
    private final Tailnet tailnet;
    private final PreAuthKeys preAuthKeys;
    private final LoginRequests logins;
    private final Set<String> interactiveTags;
    private final LongSupplier clockMillis;

    /** @param interactiveTags tags given to nodes the operator approves by phone (e.g. tag:browser). */
    public RegisterService(Tailnet tailnet, PreAuthKeys preAuthKeys, LoginRequests logins, Set<String> interactiveTags, LongSupplier clockMillis) {
        this.tailnet = tailnet;
        this.preAuthKeys = preAuthKeys;
        this.logins = logins;
        this.interactiveTags = Set.copyOf(interactiveTags);
        this.clockMillis = clockMillis;
    }

    public CompletableFuture<Map<String, Object>> register(ClientContext client, Map<String, Object> request) {
        byte[] nodeKey = KeyText.parse(request.get("NodeKey"), KeyText.NODE);
        if (nodeKey == null) return done(error("NodeKey must be nodekey: followed by 64 hex digits"));
        Map<?, ?> hostinfo = request.get("Hostinfo") instanceof Map ? (Map<?, ?>) request.get("Hostinfo") : Map.of();
        String hostname = hostinfo.get("Hostname") instanceof String ? (String) hostinfo.get("Hostname") : "";
        boolean ephemeral = Boolean.TRUE.equals(request.get("Ephemeral"));

        TailnetNode known = tailnet.byNodeKey(nodeKey);
        Instant expiry = GoTime.parse(request.get("Expiry"));
        if (expiry != null && expiry.toEpochMilli() <= clockMillis.getAsLong()) {
            // An expiry in the past is how clients log out.
            if (known != null && Arrays.equals(known.machineKey(), client.machineKey())) tailnet.remove(known.id, "logged out");
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("NodeKeyExpired", true);
            r.put("MachineAuthorized", false);
            return done(r);
        }
        if (known != null) {
            if (!Arrays.equals(known.machineKey(), client.machineKey())) return done(error("this node key is registered to another machine"));
            return done(authorized(known));
        }

        Map<?, ?> auth = request.get("Auth") instanceof Map ? (Map<?, ?>) request.get("Auth") : null;
        Object authKey = auth == null ? null : auth.get("AuthKey");
        if (authKey instanceof String && !((String) authKey).isEmpty()) {
            PreAuthKeys.PreAuthKey key = preAuthKeys.redeem((String) authKey);
            if (key == null) return done(error("invalid, expired or already used pre-auth key"));
            TailnetNode n = tailnet.register(new TailnetNode.Registration(nodeKey, client.machineKey(), hostname,
                    key.ephemeral || ephemeral, key.tags, "preauth:" + key.id, client.remoteAddress, client.userAgent));
            return done(authorized(n));
        }

        Object followup = request.get("Followup");
        if (followup instanceof String && !((String) followup).isEmpty()) {
            PendingLogin p = logins.forFollowup((String) followup, nodeKey);
            if (p != null && Arrays.equals(p.machineKey(), client.machineKey())) {
                return p.outcome.thenApply(approved -> {
                    if (!approved) return error(refusal(p.state()));
                    return authorized(tailnet.register(new TailnetNode.Registration(nodeKey, client.machineKey(), hostname,
                            ephemeral, interactiveTags, "operator", client.remoteAddress, client.userAgent)));
                });
            }
            // Unknown or foreign link: start over with a fresh one, as headscale does.
        }
        PendingLogin p;
        try {
            p = logins.open(nodeKey, client.machineKey(), hostname, client.remoteAddress, client.userAgent);
        } catch (IllegalStateException e) {
            return done(error(e.getMessage()));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("MachineAuthorized", false);
        r.put("AuthURL", p.authUrl);
        return done(r);
    }

    private static String refusal(PendingLogin.State s) {
        switch (s) {
            case DENIED: return "the operator denied this login";
            case EXPIRED: return "the login link expired before it was approved; start again";
            case BURNED: return "too many wrong passwords were tried on this login link; start again";
            default: return "login was not approved";
        }
    }

    private static Map<String, Object> authorized(TailnetNode n) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("User", NetmapJson.user());
        r.put("Login", NetmapJson.login());
        r.put("NodeKeyExpired", false);
        r.put("MachineAuthorized", true);
        r.put("AuthURL", "");
        return r;
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Error", message);
        return r;
    }

    private static CompletableFuture<Map<String, Object>> done(Map<String, Object> r) {
        return CompletableFuture.completedFuture(r);
    }
}
