package dev.tabnet.core.wireguard;

import static dev.tabnet.core.Clock.NEVER;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;
import java.util.ArrayDeque;

/**
 * One peer: its keypairs (previous/current/next), handshake, staged packets, timers and the send
 * path (wireguard-go peer.go, send.go, timers.go). Only the device calls the mutating methods.
 */
public final class WireGuardPeer {
    final WireGuardDevice device;
    final byte[] publicKey;
    final Handshake handshake = new Handshake();
    final CookieGenerator cookieGenerator;
    Object endpoint;

    Keypair previous;
    Keypair current;
    Keypair next;

    private final ArrayDeque<byte[]> staged = new ArrayDeque<>();

    // Timer deadlines (NEVER = not armed), named after wireguard-go's timers.
    long retransmitHandshakeAt = NEVER;
    long sendKeepaliveAt = NEVER;
    long newHandshakeAt = NEVER;
    long zeroKeyMaterialAt = NEVER;
    long persistentKeepaliveAt = NEVER;
    int handshakeAttempts;
    boolean needAnotherKeepalive;
    boolean sentLastMinuteHandshake;

    // Statistics.
    long lastHandshakeNanos = NEVER;
    long handshakesCompleted;
    long initiationsSent;
    long responsesSent;
    long keepalivesSent;
    long keepalivesReceived;
    long txBytes;
    long rxBytes;

    WireGuardPeer(WireGuardDevice device, byte[] publicKey) {
        this.device = device;
        this.publicKey = publicKey.clone();
        this.cookieGenerator = new CookieGenerator(this.publicKey);
    }

    public byte[] publicKey() { return publicKey.clone(); }
    public Object endpoint() { return endpoint; }
    /** nowNanos of the last completed handshake, or Clock.NEVER. */
    public long lastHandshakeNanos() { return lastHandshakeNanos; }
    public long handshakesCompleted() { return handshakesCompleted; }
    public long initiationsSent() { return initiationsSent; }
    public long responsesSent() { return responsesSent; }
    public long keepalivesSent() { return keepalivesSent; }
    public long keepalivesReceived() { return keepalivesReceived; }
    public long txBytes() { return txBytes; }
    public long rxBytes() { return rxBytes; }
    public boolean hasCurrentKeypair() { return current != null; }
    /** True if the current keypair came from a handshake we initiated. */
    public boolean currentKeypairIsInitiator() { return current != null && current.isInitiator; }
    public int stagedPackets() { return staged.size(); }

    // ---- keypairs ----

    void installKeypair(Keypair kp) {
        if (kp.isInitiator) {
            if (next != null) {
                Keypair oldNext = next;
                next = null;
                deleteKeypair(previous);
                previous = oldNext;
                deleteKeypair(current);
            } else {
                deleteKeypair(previous);
                previous = current;
            }
            current = kp;
        } else {
            deleteKeypair(next);
            next = kp;
            deleteKeypair(previous);
            previous = null;
        }
    }

    /** The responder's "next" keypair is confirmed by the first packet received on it. */
    boolean receivedWithKeypair(Keypair kp) {
        if (next != kp) return false;
        deleteKeypair(previous);
        previous = current;
        current = next;
        next = null;
        return true;
    }

    private void deleteKeypair(Keypair kp) {
        if (kp != null) device.indexTable.delete(kp.localIndex);
    }

    void zeroAndFlushAll() {
        deleteKeypair(previous);
        deleteKeypair(current);
        deleteKeypair(next);
        previous = current = next = null;
        handshake.clear(device.indexTable);
        flushStaged();
    }

    private void flushStaged() {
        for (int i = staged.size(); i > 0; i--) device.drop(DropReason.STAGED_PACKET_DROPPED);
        staged.clear();
    }

    // ---- send path ----

    void stage(byte[] packet) {
        if (staged.size() >= WireGuardConstants.QUEUE_STAGED_SIZE) {
            staged.poll();
            device.drop(DropReason.STAGED_PACKET_DROPPED);
        }
        staged.add(packet);
    }

    void sendHandshakeInitiation(long now, boolean isRetry) {
        if (!isRetry) handshakeAttempts = 0;
        if (handshake.anyHandshakeSent && now - handshake.lastSentHandshakeNanos < device.config.rekeyTimeout) return;
        handshake.anyHandshakeSent = true;
        handshake.lastSentHandshakeNanos = now;
        byte[] msg;
        try {
            msg = Handshake.createInitiation(device, this, now);
        } catch (CryptoException e) {
            device.drop(DropReason.HANDSHAKE_DECRYPT_FAILED); // a low-order peer key; nothing to send
            return;
        }
        cookieGenerator.addMacs(msg, Messages.INITIATION_MAC1, now);
        initiationsSent++;
        device.emit(this, msg);
        timersAnyAuthenticatedPacketTraversal(now);
        timersAnyAuthenticatedPacketSent();
        timersHandshakeInitiated(now);
    }

    void sendHandshakeResponse(long now) {
        handshake.anyHandshakeSent = true;
        handshake.lastSentHandshakeNanos = now;
        byte[] msg;
        try {
            msg = Handshake.createResponse(device, this);
        } catch (CryptoException e) {
            device.drop(DropReason.HANDSHAKE_DECRYPT_FAILED);
            return;
        }
        cookieGenerator.addMacs(msg, Messages.RESPONSE_MAC1, now);
        Handshake.beginSymmetricSession(device, this, now);
        timersSessionDerived(now);
        timersAnyAuthenticatedPacketTraversal(now);
        timersAnyAuthenticatedPacketSent();
        responsesSent++;
        device.emit(this, msg);
    }

    void sendKeepalive(long now) {
        if (staged.isEmpty()) staged.add(new byte[0]);
        sendStagedPackets(now);
    }

    private boolean usable(Keypair kp, long now) {
        return kp != null
                && Long.compareUnsigned(kp.sendNonce, device.config.rejectAfterMessages) < 0
                && now - kp.createdNanos < device.config.rejectAfterTime;
    }

    void sendStagedPackets(long now) {
        if (staged.isEmpty()) return;
        Keypair kp = current;
        if (!usable(kp, now)) {
            sendHandshakeInitiation(now, false);
            return;
        }
        boolean sentAny = false, sentData = false;
        while (!staged.isEmpty()) {
            if (Long.compareUnsigned(kp.sendNonce, device.config.rejectAfterMessages) >= 0) {
                sendHandshakeInitiation(now, false);
                break;
            }
            byte[] packet = staged.poll();
            byte[] datagram = encrypt(kp, packet);
            txBytes += datagram.length;
            if (packet.length == 0) keepalivesSent++; else sentData = true;
            sentAny = true;
            device.emit(this, datagram);
        }
        if (sentAny) {
            timersAnyAuthenticatedPacketTraversal(now);
            timersAnyAuthenticatedPacketSent();
            if (sentData) timersDataSent(now);
        }
        keepKeyFreshSending(now);
    }

    private byte[] encrypt(Keypair kp, byte[] packet) {
        int padded = packet.length + paddingSize(packet.length, device.config.mtu);
        byte[] out = new byte[Messages.TRANSPORT_CONTENT + padded + 16];
        out[0] = (byte) WireGuardConstants.MESSAGE_TRANSPORT_TYPE;
        Messages.putU32(out, Messages.TRANSPORT_RECEIVER, kp.remoteIndex);
        long counter = kp.sendNonce++;
        Bytes.put64le(out, Messages.TRANSPORT_COUNTER, counter);
        System.arraycopy(packet, 0, out, Messages.TRANSPORT_CONTENT, packet.length);
        kp.send.seal(dev.tabnet.core.crypto.ChaCha20Poly1305.nonceLittleEndian(counter), null,
                out, Messages.TRANSPORT_CONTENT, padded, out, Messages.TRANSPORT_CONTENT);
        return out;
    }

    /** wireguard-go calculatePaddingSize: pad to a multiple of 16 but not past the MTU. */
    static int paddingSize(int size, int mtu) {
        int multiple = WireGuardConstants.PADDING_MULTIPLE;
        if (mtu == 0) return ((size + multiple - 1) & ~(multiple - 1)) - size;
        int last = size > mtu ? size % mtu : size;
        int padded = (last + multiple - 1) & ~(multiple - 1);
        if (padded > mtu) padded = mtu;
        return padded - last;
    }

    void keepKeyFreshSending(long now) {
        Keypair kp = current;
        if (kp == null) return;
        if (Long.compareUnsigned(kp.sendNonce, device.config.rekeyAfterMessages) > 0
                || (kp.isInitiator && now - kp.createdNanos > device.config.rekeyAfterTime)) {
            sendHandshakeInitiation(now, false);
        }
    }

    void keepKeyFreshReceiving(long now) {
        if (sentLastMinuteHandshake) return;
        Keypair kp = current;
        WireGuardConfig c = device.config;
        if (kp != null && kp.isInitiator && now - kp.createdNanos > c.rejectAfterTime - c.keepaliveTimeout - c.rekeyTimeout) {
            sentLastMinuteHandshake = true;
            sendHandshakeInitiation(now, false);
        }
    }

    // ---- timers (wireguard-go timers.go) ----

    private long jitter() {
        int max = device.config.rekeyTimeoutJitterMaxMs;
        return max <= 0 ? 0 : device.entropy.nextInt(max) * WireGuardConstants.MILLIS;
    }

    void timersDataSent(long now) {
        if (newHandshakeAt == NEVER) newHandshakeAt = now + device.config.keepaliveTimeout + device.config.rekeyTimeout + jitter();
    }

    void timersDataReceived(long now) {
        if (sendKeepaliveAt == NEVER) sendKeepaliveAt = now + device.config.keepaliveTimeout;
        else needAnotherKeepalive = true;
    }

    void timersAnyAuthenticatedPacketSent() {
        sendKeepaliveAt = NEVER;
    }

    void timersAnyAuthenticatedPacketReceived() {
        newHandshakeAt = NEVER;
    }

    void timersHandshakeInitiated(long now) {
        retransmitHandshakeAt = now + device.config.rekeyTimeout + jitter();
    }

    void timersHandshakeComplete(long now) {
        retransmitHandshakeAt = NEVER;
        handshakeAttempts = 0;
        sentLastMinuteHandshake = false;
        lastHandshakeNanos = now;
        handshakesCompleted++;
    }

    void timersSessionDerived(long now) {
        zeroKeyMaterialAt = now + 3 * device.config.rejectAfterTime;
    }

    void timersAnyAuthenticatedPacketTraversal(long now) {
        long interval = device.config.persistentKeepaliveInterval;
        if (interval > 0) persistentKeepaliveAt = now + interval;
    }

    long nextDeadline() {
        return Math.min(Math.min(retransmitHandshakeAt, sendKeepaliveAt),
                Math.min(Math.min(newHandshakeAt, zeroKeyMaterialAt), persistentKeepaliveAt));
    }

    void handleTimers(long now) {
        if (retransmitHandshakeAt <= now) {
            retransmitHandshakeAt = NEVER;
            expiredRetransmitHandshake(now);
        }
        if (sendKeepaliveAt <= now) {
            sendKeepaliveAt = NEVER;
            sendKeepalive(now);
            if (needAnotherKeepalive) {
                needAnotherKeepalive = false;
                sendKeepaliveAt = now + device.config.keepaliveTimeout;
            }
        }
        if (newHandshakeAt <= now) {
            // Data was sent but nothing came back for KEEPALIVE + REKEY_TIMEOUT: try a new handshake.
            newHandshakeAt = NEVER;
            sendHandshakeInitiation(now, false);
        }
        if (zeroKeyMaterialAt <= now) {
            zeroKeyMaterialAt = NEVER;
            zeroAndFlushAll();
        }
        if (persistentKeepaliveAt <= now) {
            persistentKeepaliveAt = NEVER;
            if (device.config.persistentKeepaliveInterval > 0) sendKeepalive(now);
        }
    }

    private void expiredRetransmitHandshake(long now) {
        int maxAttempts = (int) (device.config.rekeyAttemptTime / device.config.rekeyTimeout);
        if (handshakeAttempts > maxAttempts) {
            // Give up (REKEY_ATTEMPT_TIME passed): drop what was waiting, zero keys later.
            sendKeepaliveAt = NEVER;
            flushStaged();
            if (zeroKeyMaterialAt == NEVER) zeroKeyMaterialAt = now + 3 * device.config.rejectAfterTime;
        } else {
            handshakeAttempts++;
            sendHandshakeInitiation(now, true);
        }
    }
}
