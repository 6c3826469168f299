package dev.tabnet.core.wireguard;

import static dev.tabnet.core.Clock.NEVER;

/**
 * The per-peer timers of wireguard-go timers.go as deadlines on the nowNanos scale (NEVER = not
 * armed). Events from the send/receive paths arm or clear them; {@link #run} fires the due ones.
 */
final class Timers {
    private final WireGuardPeer peer;

    long retransmitHandshakeAt = NEVER;
    long sendKeepaliveAt = NEVER;
    long newHandshakeAt = NEVER;
    long zeroKeyMaterialAt = NEVER;
    long persistentKeepaliveAt = NEVER;
    int handshakeAttempts;
    boolean needAnotherKeepalive;
    boolean sentLastMinuteHandshake;

    Timers(WireGuardPeer peer) {
        this.peer = peer;
    }

    private WireGuardConfig config() {
        return peer.device.config;
    }

    /** REKEY_TIMEOUT jitter: uniform in [0, rekeyTimeoutJitterMaxMs) ms, from the injected entropy. */
    private long jitter() {
        int max = config().rekeyTimeoutJitterMaxMs;
        return max <= 0 ? 0 : peer.device.entropy.nextInt(max) * WireGuardConstants.MILLIS;
    }

    /** Data sent: expect an answer within KEEPALIVE + REKEY_TIMEOUT, else start a new handshake. */
    void dataSent(long now) {
        if (newHandshakeAt == NEVER) newHandshakeAt = now + config().keepaliveTimeout + config().rekeyTimeout + jitter();
    }

    /** Data received: send a keepalive if we have nothing to say within KEEPALIVE_TIMEOUT. */
    void dataReceived(long now) {
        if (sendKeepaliveAt == NEVER) sendKeepaliveAt = now + config().keepaliveTimeout;
        else needAnotherKeepalive = true;
    }

    void anyAuthenticatedPacketSent() {
        sendKeepaliveAt = NEVER;
    }

    void anyAuthenticatedPacketReceived() {
        newHandshakeAt = NEVER;
    }

    void handshakeInitiated(long now) {
        retransmitHandshakeAt = now + config().rekeyTimeout + jitter();
    }

    void handshakeComplete(long now) {
        retransmitHandshakeAt = NEVER;
        handshakeAttempts = 0;
        sentLastMinuteHandshake = false;
        peer.lastHandshakeNanos = now;
        peer.handshakesCompleted++;
    }

    /** New keys: erase everything 3 * REJECT_AFTER_TIME later unless a newer session re-arms this. */
    void sessionDerived(long now) {
        zeroKeyMaterialAt = now + 3 * config().rejectAfterTime;
    }

    void anyAuthenticatedPacketTraversal(long now) {
        long interval = config().persistentKeepaliveInterval;
        if (interval > 0) persistentKeepaliveAt = now + interval;
    }

    long nextDeadline() {
        return Math.min(Math.min(retransmitHandshakeAt, sendKeepaliveAt),
                Math.min(Math.min(newHandshakeAt, zeroKeyMaterialAt), persistentKeepaliveAt));
    }

    void run(long now) {
        if (retransmitHandshakeAt <= now) {
            retransmitHandshakeAt = NEVER;
            expiredRetransmitHandshake(now);
        }
        if (sendKeepaliveAt <= now) {
            sendKeepaliveAt = NEVER;
            peer.sendKeepalive(now);
            if (needAnotherKeepalive) {
                needAnotherKeepalive = false;
                sendKeepaliveAt = now + config().keepaliveTimeout;
            }
        }
        if (newHandshakeAt <= now) {
            newHandshakeAt = NEVER;
            peer.sendHandshakeInitiation(now, false);
        }
        if (zeroKeyMaterialAt <= now) {
            zeroKeyMaterialAt = NEVER;
            peer.zeroAndFlushAll();
        }
        if (persistentKeepaliveAt <= now) {
            persistentKeepaliveAt = NEVER;
            if (config().persistentKeepaliveInterval > 0) peer.sendKeepalive(now);
        }
    }

    private void expiredRetransmitHandshake(long now) {
        int maxAttempts = (int) (config().rekeyAttemptTime / config().rekeyTimeout);
        if (handshakeAttempts > maxAttempts) {
            // REKEY_ATTEMPT_TIME used up: give up, drop what was waiting, zero keys later.
            sendKeepaliveAt = NEVER;
            peer.flushStaged();
            if (zeroKeyMaterialAt == NEVER) zeroKeyMaterialAt = now + 3 * config().rejectAfterTime;
        } else {
            handshakeAttempts++;
            peer.sendHandshakeInitiation(now, true);
        }
    }
}
