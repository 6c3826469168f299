package dev.tabnet.server.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.server.login.LoginRequests;
import dev.tabnet.server.tailnet.PreAuthKeys;
import dev.tabnet.server.tailnet.TailnetNode;
import dev.tabnet.server.tailnet.TestNodes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegisterServiceTest {
    final ControlFixture f = new ControlFixture();

    @AfterEach
    void close() {
        f.close();
    }

    Map<String, Object> register(int seed, Map<String, Object> request) {
        return f.register.register(ControlFixture.client(seed), request).join();
    }

    @Test
    void preAuthKeyRegistersAtOnceAndOnlyOnce() {
        PreAuthKeys.PreAuthKey key = f.preAuthKeys.create(false, false, Set.of("tag:server"), 60_000);
        Map<String, Object> req = ControlFixture.registerRequest(1, "prod");
        req.put("Auth", Map.of("AuthKey", key.text));
        Map<String, Object> r = register(1, req);
        assertEquals(true, r.get("MachineAuthorized"), r.toString());
        TailnetNode n = f.tailnet.byNodeKey(TestNodes.key(1));
        assertEquals(Set.of("tag:server"), n.tags);
        assertTrue(n.ephemeral, "the request asked for an ephemeral node");

        Map<String, Object> again = ControlFixture.registerRequest(2, "prod2");
        again.put("Auth", Map.of("AuthKey", key.text));
        assertEquals("invalid, expired or already used pre-auth key", register(2, again).get("Error"));
        Map<String, Object> bogus = ControlFixture.registerRequest(3, "x");
        bogus.put("Auth", Map.of("AuthKey", "tskey-auth-forged"));
        assertEquals("invalid, expired or already used pre-auth key", register(3, bogus).get("Error"));
    }

    @Test
    void interactiveLoginWaitsForThePhoneApproval() {
        Map<String, Object> first = register(1, ControlFixture.registerRequest(1, "chromium-tab"));
        String authUrl = (String) first.get("AuthURL");
        assertTrue(authUrl.startsWith("http://127.0.0.1:8080/login/"), first.toString());
        assertEquals(false, first.get("MachineAuthorized"));
        assertNull(f.tailnet.byNodeKey(TestNodes.key(1)), "not a member before approval");

        Map<String, Object> followup = ControlFixture.registerRequest(1, "chromium-tab");
        followup.put("Followup", authUrl);
        CompletableFuture<Map<String, Object>> waiting = f.register.register(ControlFixture.client(1), followup);
        assertFalse(waiting.isDone(), "the follow-up blocks until the operator decides");

        String id = authUrl.substring(authUrl.lastIndexOf('/') + 1);
        assertEquals(LoginRequests.Result.APPROVED, f.logins.approve(id, ControlFixture.PASSWORD));
        Map<String, Object> done = waiting.join();
        assertEquals(true, done.get("MachineAuthorized"), done.toString());
        TailnetNode n = f.tailnet.byNodeKey(TestNodes.key(1));
        assertNotNull(n);
        assertEquals(Set.of("tag:browser"), n.tags);
        assertEquals("Mozilla/5.0 (test)", n.userAgent);
        assertEquals(true, register(1, ControlFixture.registerRequest(1, "chromium-tab")).get("MachineAuthorized"), "known key: authorized at once");
    }

    @Test
    void followupOnAForgedOrForeignLinkStartsAFreshLogin() {
        String authUrl = (String) register(1, ControlFixture.registerRequest(1, "a")).get("AuthURL");
        Map<String, Object> forged = ControlFixture.registerRequest(1, "a");
        forged.put("Followup", "http://127.0.0.1:8080/login/AAAAAAAAAAAAAAAAAAAAAA");
        Map<String, Object> r = register(1, forged);
        assertEquals(authUrl, r.get("AuthURL"), "the node's own pending link again, never someone else's");

        Map<String, Object> foreign = ControlFixture.registerRequest(2, "b");
        foreign.put("Followup", authUrl);
        Map<String, Object> r2 = register(2, foreign);
        assertNotEquals(authUrl, r2.get("AuthURL"));
        assertNotNull(r2.get("AuthURL"));
    }

    @Test
    void expiredOrDeniedLoginsEndTheWaitWithAnError() {
        String authUrl = (String) register(1, ControlFixture.registerRequest(1, "a")).get("AuthURL");
        Map<String, Object> followup = ControlFixture.registerRequest(1, "a");
        followup.put("Followup", authUrl);
        CompletableFuture<Map<String, Object>> waiting = f.register.register(ControlFixture.client(1), followup);
        f.clock.addAndGet(LoginRequests.LINK_LIFETIME_MILLIS);
        f.logins.sweep();
        assertEquals("the login link expired before it was approved; start again", waiting.join().get("Error"));

        String url2 = (String) register(2, ControlFixture.registerRequest(2, "b")).get("AuthURL");
        Map<String, Object> f2 = ControlFixture.registerRequest(2, "b");
        f2.put("Followup", url2);
        CompletableFuture<Map<String, Object>> w2 = f.register.register(ControlFixture.client(2), f2);
        f.logins.deny(url2.substring(url2.lastIndexOf('/') + 1), ControlFixture.PASSWORD);
        assertEquals("the operator denied this login", w2.join().get("Error"));
        assertNull(f.tailnet.byNodeKey(TestNodes.key(2)));
    }

    @Test
    void aNodeKeyCannotBeTakenOverByAnotherMachine() {
        PreAuthKeys.PreAuthKey key = f.preAuthKeys.create(true, false, Set.of(), 60_000);
        Map<String, Object> req = ControlFixture.registerRequest(1, "a");
        req.put("Auth", Map.of("AuthKey", key.text));
        register(1, req);
        Map<String, Object> r = f.register.register(ControlFixture.client(7), ControlFixture.registerRequest(1, "a")).join();
        assertEquals("this node key is registered to another machine", r.get("Error"));
    }

    @Test
    void anExpiryInThePastLogsOut() {
        PreAuthKeys.PreAuthKey key = f.preAuthKeys.create(true, false, Set.of(), 60_000);
        Map<String, Object> req = ControlFixture.registerRequest(1, "a");
        req.put("Auth", Map.of("AuthKey", key.text));
        register(1, req);
        Map<String, Object> logout = ControlFixture.registerRequest(1, "a");
        logout.put("Expiry", "1970-01-01T00:02:03Z");
        assertEquals(true, register(1, logout).get("NodeKeyExpired"));
        assertNull(f.tailnet.byNodeKey(TestNodes.key(1)));
    }

    @Test
    void malformedNodeKeysAreRefused() {
        Map<String, Object> req = ControlFixture.registerRequest(1, "a");
        req.put("NodeKey", "nodekey:1234");
        assertEquals("NodeKey must be nodekey: followed by 64 hex digits", register(1, req).get("Error"));
    }
}
