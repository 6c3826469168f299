package dev.tabnet.server.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.control.LoginMatchingCode;
import dev.tabnet.server.tailnet.TestNodes;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginRequestsTest {
    static final String PASSWORD = "correct horse battery";
    final AtomicLong clock = new AtomicLong(1_000_000);
    final LoginRequests logins = new LoginRequests(clock::get, "http://ctl/login/", OperatorCredential.of(PASSWORD));

    PendingLogin open(int seed) {
        return logins.open(TestNodes.key(seed), TestNodes.key(seed + 1), "tab", "192.0.2.7", "Chromium");
    }

    @Test
    void linkIsRandomBoundToTheNodeAndCarriesTheMatchingCodeTheTabComputes() {
        PendingLogin a = open(1), b = open(2);
        assertTrue(a.authUrl.startsWith("http://ctl/login/"));
        assertEquals(22, a.id.length(), "128 random bits, base64url");
        assertNotEquals(a.id, b.id);
        assertEquals(LoginMatchingCode.of(a.authUrl, TestNodes.key(1)), a.matchingCode);
        assertTrue(a.matchingCode.matches("\\d{3} \\d{3}"), a.matchingCode);
        assertSame(a, open(1), "a node asking again while pending gets the same link");
        assertSame(a, logins.forFollowup(a.authUrl, TestNodes.key(1)));
        assertNull(logins.forFollowup(a.authUrl, TestNodes.key(2)), "another node cannot wait on this link");
        assertNull(logins.forFollowup("http://evil/login/" + a.id, TestNodes.key(1)));
    }

    @Test
    void approvalIsSingleUse() {
        PendingLogin p = open(1);
        assertEquals(LoginRequests.Result.APPROVED, logins.approve(p.id, PASSWORD));
        assertTrue(p.outcome.join());
        assertEquals(LoginRequests.Result.ALREADY_USED, logins.approve(p.id, PASSWORD));
        assertEquals(LoginRequests.Result.ALREADY_USED, logins.deny(p.id, PASSWORD));
    }

    @Test
    void linksExpireAfterFiveMinutes() {
        PendingLogin p = open(1);
        clock.addAndGet(LoginRequests.LINK_LIFETIME_MILLIS);
        logins.sweep();
        assertTrue(p.outcome.isDone());
        assertFalse(p.outcome.join());
        assertEquals(LoginRequests.Result.EXPIRED, logins.approve(p.id, PASSWORD));
        clock.addAndGet(LoginRequests.LINK_LIFETIME_MILLIS);
        assertEquals(LoginRequests.Result.UNKNOWN, logins.approve(p.id, PASSWORD), "forgotten after another lifetime");
    }

    @Test
    void forgedIdsAreUnknown() {
        open(1);
        assertEquals(LoginRequests.Result.UNKNOWN, logins.approve("AAAAAAAAAAAAAAAAAAAAAA", PASSWORD));
    }

    @Test
    void wrongPasswordsBurnTheLink() {
        PendingLogin p = open(1);
        for (int i = 1; i < LoginRequests.MAX_FAILURES_PER_LINK; i++) {
            assertEquals(LoginRequests.Result.WRONG_CREDENTIAL, logins.approve(p.id, "guess" + i));
        }
        assertEquals(LoginRequests.Result.BURNED, logins.approve(p.id, "last guess"));
        assertEquals(LoginRequests.Result.BURNED, logins.approve(p.id, PASSWORD), "even the right password is too late");
        assertFalse(p.outcome.join());
    }

    @Test
    void manyFailuresPauseAllApprovalsForAMinute() {
        for (int i = 0; i < LoginRequests.MAX_FAILURES_PER_MINUTE; i++) {
            assertEquals(LoginRequests.Result.WRONG_CREDENTIAL, logins.checkOperator("guess" + i));
        }
        PendingLogin p = open(1);
        assertEquals(LoginRequests.Result.THROTTLED, logins.approve(p.id, PASSWORD));
        assertEquals(LoginRequests.Result.THROTTLED, logins.checkOperator(PASSWORD));
        clock.addAndGet(60_000);
        assertEquals(LoginRequests.Result.APPROVED, logins.approve(p.id, PASSWORD));
    }

    @Test
    void denyEndsTheWaitNegatively() {
        PendingLogin p = open(1);
        assertEquals(LoginRequests.Result.DENIED, logins.deny(p.id, PASSWORD));
        assertFalse(p.outcome.join());
        assertEquals(PendingLogin.State.DENIED, p.state());
    }

    @Test
    void operatorPasswordsHaveAMinimumAndGeneratedOnesLookRandom() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> OperatorCredential.of("short"));
        String a = OperatorCredential.randomPassword(), b = OperatorCredential.randomPassword();
        assertNotEquals(a, b);
        assertTrue(a.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"), a);
        assertTrue(OperatorCredential.generated(a).matches(a));
        assertFalse(OperatorCredential.generated(a).matches(b));
    }
}
