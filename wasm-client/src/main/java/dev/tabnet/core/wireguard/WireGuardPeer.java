package dev.tabnet.core.wireguard;

import static dev.tabnet.core.Clock.NEVER;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;
import java.util.ArrayDeque;

/**
 * One peer: its keypairs (previous/current/next) and their rotation, handshake, staged packets and
 * the send path (wireguard-go peer.go, keypair.go, send.go); its timers are in {@link Timers}.
 * Only the device calls the mutating methods.
 */
public final class WireGuardPeer {
    final WireGuardDevice device;
    final byte[] publicKey;
    /** DH(our static, this peer's static): fixed for the peer's lifetime, so computed once (wireguard-go precomputedStaticStatic). */
    final byte[] staticStatic;
    final Handshake handshake = new Handshake();
    final CookieGenerator cookieGenerator;
    Object endpoint;

    Keypair previous;
    Keypair current;
    Keypair next;

    private final ArrayDeque<byte[]> staged = new ArrayDeque<>();

    final Timers timers = new Timers(this);

    // Statistics.
    long lastHandshakeNanos = NEVER;
    long handshakesCompleted;
    long initiationsSent;
    long responsesSent;
    long keepalivesSent;
    long keepalivesReceived;
    long txBytes;
    long rxBytes;

    WireGuardPeer(WireGuardDevice device, byte[] publicKey, byte[] staticStatic) {
        this.device = device;
        this.publicKey = publicKey.clone();
        this.staticStatic = staticStatic;
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

    void flushStaged() {
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
        if (!isRetry) timers.handshakeAttempts = 0;
        if (handshake.anyHandshakeSent && now - handshake.lastSentHandshakeNanos < device.config.rekeyTimeout) return;
        handshake.anyHandshakeSent = true;
        handshake.lastSentHandshakeNanos = now;
        byte[] msg;
        try {
            msg = Handshake.createInitiation(device, this, now);
        } catch (CryptoException e) {
            device.drop(DropReason.INTERNAL_ERROR); // unreachable: addPeer refuses low-order keys
            return;
        }
        cookieGenerator.addMacs(msg, Messages.INITIATION_MAC1, now);
        initiationsSent++;
        device.emit(this, msg);
        timers.anyAuthenticatedPacketTraversal(now);
        timers.anyAuthenticatedPacketSent();
        timers.handshakeInitiated(now);
    }

    void sendHandshakeResponse(long now) {
        handshake.anyHandshakeSent = true;
        handshake.lastSentHandshakeNanos = now;
        byte[] msg;
        try {
            msg = Handshake.createResponse(device, this);
        } catch (CryptoException e) {
            device.drop(DropReason.INTERNAL_ERROR); // unreachable: both remote keys passed DH when consumed
            return;
        }
        cookieGenerator.addMacs(msg, Messages.RESPONSE_MAC1, now);
        Handshake.beginSymmetricSession(device, this, now);
        timers.sessionDerived(now);
        timers.anyAuthenticatedPacketTraversal(now);
        timers.anyAuthenticatedPacketSent();
        responsesSent++;
        device.emit(this, msg);
    }

    void sendKeepalive(long now) {
        if (staged.isEmpty()) staged.add(new byte[0]);
        sendStagedPackets(now);
    }

    private boolean usable(Keypair kp, long now) {
        return kp != null && belowNonceLimit(kp) && now - kp.createdNanos < device.config.rejectAfterTime;
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
            if (!belowNonceLimit(kp)) {
                sendHandshakeInitiation(now, false);
                break;
            }
            byte[] packet = staged.poll();
            emitTransport(kp, packet, 0, packet.length);
            if (packet.length > 0) sentData = true;
            sentAny = true;
        }
        if (sentAny) afterSending(sentData, now);
        else keepKeyFreshSending(now);
    }

    /**
     * Sends packet[off, +len) at once when nothing waits before it and the current keypair may
     * send; the caller's buffer is only read. Returns false, sending nothing, when it must be staged.
     */
    boolean trySendDirect(byte[] packet, int off, int len, long now) {
        Keypair kp = current;
        if (!staged.isEmpty() || !usable(kp, now)) return false;
        emitTransport(kp, packet, off, len);
        afterSending(len > 0, now);
        return true;
    }

    private boolean belowNonceLimit(Keypair kp) {
        return Long.compareUnsigned(kp.sendNonce, device.config.rejectAfterMessages) < 0;
    }

    private void afterSending(boolean sentData, long now) {
        timers.anyAuthenticatedPacketTraversal(now);
        timers.anyAuthenticatedPacketSent();
        if (sentData) timers.dataSent(now);
        keepKeyFreshSending(now);
    }

    private void emitTransport(Keypair kp, byte[] packet, int off, int len) {
        byte[] datagram = encrypt(kp, packet, off, len);
        txBytes += datagram.length;
        device.emit(this, datagram);
        if (len == 0) keepalivesSent++; // an empty transport message is a keepalive
    }

    /** The transport message for packet[off, +len), sealed straight from the caller's buffer (no staging copy). */
    private byte[] encrypt(Keypair kp, byte[] packet, int off, int len) {
        int padding = paddingSize(len, device.config.mtu);
        byte[] out = new byte[Messages.TRANSPORT_CONTENT + len + padding + 16];
        out[0] = (byte) WireGuardConstants.MESSAGE_TRANSPORT_TYPE;
        Messages.putU32(out, Messages.TRANSPORT_RECEIVER, kp.remoteIndex);
        long counter = kp.sendNonce++;
        Bytes.put64le(out, Messages.TRANSPORT_COUNTER, counter);
        kp.send.sealPadded(dev.tabnet.core.crypto.ChaCha20Poly1305.nonceLittleEndian(counter),
                packet, off, len, padding, out, Messages.TRANSPORT_CONTENT);
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
        if (timers.sentLastMinuteHandshake) return;
        Keypair kp = current;
        WireGuardConfig c = device.config;
        if (kp != null && kp.isInitiator && now - kp.createdNanos > c.rejectAfterTime - c.keepaliveTimeout - c.rekeyTimeout) {
            timers.sentLastMinuteHandshake = true;
            sendHandshakeInitiation(now, false);
        }
    }
}
