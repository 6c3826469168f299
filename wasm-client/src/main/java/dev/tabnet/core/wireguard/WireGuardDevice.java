package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sans-I/O WireGuard interface: feed it datagrams ({@link #handleDatagram}), IP packets to send
 * ({@link #sendIpPacket}) and timer ticks ({@link #handleTimers}); collect datagrams to transmit
 * ({@link #pollDatagram}) and decrypted packets for the IP stack ({@link #pollIpPacket}); sleep until
 * {@link #pollTimeout}. Endpoints are opaque objects supplied by the adapter. Bad input is counted
 * by {@link DropReason} and never throws. Single-threaded by design.
 */
public final class WireGuardDevice {
    final byte[] staticPrivate;
    final byte[] staticPublic;
    final Entropy entropy;
    final WireGuardConfig config;
    final IndexTable indexTable;
    /** Added to nowNanos to get Unix time in nanoseconds, for the TAI64N timestamp. */
    long unixTimeOffsetNanos;

    private final CookieChecker cookieChecker;
    private final Map<String, WireGuardPeer> peers = new HashMap<>();
    private final AllowedIps allowedIps = new AllowedIps();
    private final ArrayDeque<OutgoingDatagram> outgoing = new ArrayDeque<>();
    private final ArrayDeque<ReceivedPacket> received = new ArrayDeque<>();
    private final long[] drops = new long[DropReason.values().length];
    private long cookieRepliesConsumed;

    // Built-in load detection: handshake messages per one-second window.
    private long loadWindowStart = Long.MIN_VALUE;
    private int loadWindowCount;
    private long underLoadUntil = Long.MIN_VALUE;

    public WireGuardDevice(byte[] privateKey, Entropy entropy, WireGuardConfig config) {
        if (privateKey.length != X25519.KEY_SIZE) throw new IllegalArgumentException("private key must be 32 bytes");
        this.staticPrivate = privateKey.clone();
        X25519.clamp(this.staticPrivate);
        this.config = config == null ? new WireGuardConfig() : config;
        this.staticPublic = this.config.dh.publicKey(this.staticPrivate);
        this.entropy = entropy;
        this.indexTable = new IndexTable(entropy);
        this.cookieChecker = new CookieChecker(staticPublic);
    }

    public byte[] publicKey() {
        return staticPublic.clone();
    }

    /** Set once by the adapter: unixNanos - nowNanos (the TAI64N timestamp needs wall-clock time). */
    public void setUnixTimeOffsetNanos(long offset) {
        this.unixTimeOffsetNanos = offset;
    }

    // ---- configuration ----

    public WireGuardPeer addPeer(byte[] publicKey) {
        if (publicKey.length != X25519.KEY_SIZE) throw new IllegalArgumentException("public key must be 32 bytes");
        String k = Hex.encode(publicKey);
        WireGuardPeer p = peers.get(k);
        if (p == null) {
            byte[] staticStatic;
            try {
                staticStatic = config.dh.sharedSecret(staticPrivate, publicKey);
            } catch (CryptoException e) {
                throw new IllegalArgumentException("peer public key is a low-order point");
            }
            p = new WireGuardPeer(this, publicKey, staticStatic);
            peers.put(k, p);
        }
        return p;
    }

    public void removePeer(byte[] publicKey) {
        WireGuardPeer p = peers.remove(Hex.encode(publicKey));
        if (p == null) return;
        p.zeroAndFlushAll();
        allowedIps.removeByPeer(p);
    }

    public WireGuardPeer peer(byte[] publicKey) {
        return peers.get(Hex.encode(publicKey));
    }

    public List<WireGuardPeer> peers() {
        return new ArrayList<>(peers.values());
    }

    WireGuardPeer peerByKey(byte[] publicKey) {
        return peers.get(Hex.encode(publicKey));
    }

    /** Routes address/prefixLength (4- or 16-byte address) to the peer; the peer must exist. */
    public void addAllowedIp(byte[] peerPublicKey, byte[] address, int prefixLength) {
        WireGuardPeer p = peer(peerPublicKey);
        if (p == null) throw new IllegalArgumentException("unknown peer");
        allowedIps.insert(address, prefixLength, p);
    }

    public void setEndpoint(byte[] peerPublicKey, Object endpoint) {
        WireGuardPeer p = peer(peerPublicKey);
        if (p == null) throw new IllegalArgumentException("unknown peer");
        p.endpoint = endpoint;
    }

    // ---- input ----

    /** One datagram from the network (UDP payload or DERP packet body). Never throws. */
    public void handleDatagram(byte[] data, int off, int len, Object endpoint, long now) {
        try {
            int type = Messages.type(data, off, len);
            switch (type) {
                case MESSAGE_INITIATION_TYPE:
                case MESSAGE_RESPONSE_TYPE:
                    if (len != Messages.sizeOf(type)) drop(len < Messages.sizeOf(type) ? DropReason.TRUNCATED : DropReason.BAD_LENGTH);
                    else handleHandshakeMessage(type, data, off, endpoint, now);
                    return;
                case MESSAGE_COOKIE_REPLY_TYPE:
                    if (len != MESSAGE_COOKIE_REPLY_SIZE) drop(len < MESSAGE_COOKIE_REPLY_SIZE ? DropReason.TRUNCATED : DropReason.BAD_LENGTH);
                    else handleCookieReply(data, off, now);
                    return;
                case MESSAGE_TRANSPORT_TYPE:
                    if (len < MESSAGE_TRANSPORT_SIZE) drop(DropReason.TRUNCATED);
                    else handleTransport(data, off, len, endpoint, now);
                    return;
                case -1:
                    drop(len < 4 ? DropReason.TRUNCATED : DropReason.UNKNOWN_TYPE);
                    return;
                default:
                    drop(DropReason.UNKNOWN_TYPE);
            }
        } catch (RuntimeException e) {
            drop(DropReason.INTERNAL_ERROR);
        }
    }

    private void handleHandshakeMessage(int type, byte[] b, int off, Object endpoint, long now) {
        int mac1 = Messages.mac1Offset(type);
        if (!cookieChecker.checkMac1(b, off, mac1)) {
            drop(DropReason.BAD_MAC1);
            return;
        }
        if (isUnderLoad(now)) {
            byte[] source = config.endpointBytes.of(endpoint);
            if (!cookieChecker.checkMac2(b, off, mac1, source, now)) {
                int sender = Messages.u32(b, off + 4); // both handshake messages carry the sender index at 4
                outgoing.add(new OutgoingDatagram(cookieChecker.createReply(b, off, mac1, sender, source, entropy, now), endpoint, null));
                drop(DropReason.UNDER_LOAD_COOKIE_SENT);
                return;
            }
        }
        if (type == MESSAGE_INITIATION_TYPE) {
            WireGuardPeer peer = Handshake.consumeInitiation(this, b, off, now);
            if (peer == null) return;
            if (endpoint != null) peer.endpoint = endpoint;
            peer.timers.anyAuthenticatedPacketTraversal(now);
            peer.timers.anyAuthenticatedPacketReceived();
            peer.sendHandshakeResponse(now);
        } else {
            WireGuardPeer peer = Handshake.consumeResponse(this, b, off);
            if (peer == null) return;
            if (endpoint != null) peer.endpoint = endpoint;
            peer.timers.anyAuthenticatedPacketTraversal(now);
            peer.timers.anyAuthenticatedPacketReceived();
            Handshake.beginSymmetricSession(this, peer, now);
            peer.timers.sessionDerived(now);
            peer.timers.handshakeComplete(now);
            peer.sendKeepalive(now); // confirms the new keys to the responder (or flushes staged data)
        }
    }

    private boolean isUnderLoad(long now) {
        if (config.loadCondition != null) return config.loadCondition.isUnderLoad(now);
        if (loadWindowStart == Long.MIN_VALUE || now - loadWindowStart >= 1_000_000_000L) {
            loadWindowStart = now;
            loadWindowCount = 0;
        }
        if (++loadWindowCount > config.underLoadHandshakesPerSecond) underLoadUntil = now + UNDER_LOAD_AFTER_TIME;
        return underLoadUntil != Long.MIN_VALUE && now < underLoadUntil;
    }

    private void handleCookieReply(byte[] b, int off, long now) {
        IndexTable.Entry entry = indexTable.lookup(Messages.u32(b, off + Messages.COOKIE_RECEIVER));
        if (entry == null) {
            drop(DropReason.UNKNOWN_RECEIVER_INDEX);
            return;
        }
        if (!entry.peer.cookieGenerator.consumeReply(b, off, now)) {
            drop(DropReason.BAD_COOKIE_REPLY);
            return;
        }
        // As in wireguard-go, the handshake retransmission timer resends the initiation, now with mac2.
        cookieRepliesConsumed++;
    }

    private void handleTransport(byte[] b, int off, int len, Object endpoint, long now) {
        IndexTable.Entry entry = indexTable.lookup(Messages.u32(b, off + Messages.TRANSPORT_RECEIVER));
        if (entry == null || entry.keypair == null) {
            drop(DropReason.UNKNOWN_RECEIVER_INDEX);
            return;
        }
        Keypair kp = entry.keypair;
        WireGuardPeer peer = entry.peer;
        if (now - kp.createdNanos >= config.rejectAfterTime) {
            drop(DropReason.KEY_EXPIRED);
            return;
        }
        long counter = Bytes.i64le(b, off + Messages.TRANSPORT_COUNTER);
        int cipherLen = len - Messages.TRANSPORT_CONTENT;
        byte[] plain = new byte[cipherLen - 16];
        try {
            kp.receive.open(ChaCha20Poly1305.nonceLittleEndian(counter), null, b, off + Messages.TRANSPORT_CONTENT, cipherLen, plain, 0);
        } catch (CryptoException e) {
            drop(DropReason.DECRYPT_FAILED);
            return;
        }
        if (!kp.replayFilter.validateCounter(counter, config.rejectAfterMessages)) {
            drop(DropReason.REPLAY);
            return;
        }
        if (endpoint != null) peer.endpoint = endpoint;
        if (peer.receivedWithKeypair(kp)) {
            peer.timers.handshakeComplete(now);
            peer.sendStagedPackets(now);
        }
        peer.keepKeyFreshReceiving(now);
        peer.timers.anyAuthenticatedPacketTraversal(now);
        peer.timers.anyAuthenticatedPacketReceived();
        peer.rxBytes += len;
        if (plain.length == 0) {
            peer.keepalivesReceived++;
            return;
        }
        peer.timers.dataReceived(now);
        int ipLen = IpHeader.totalLength(plain, plain.length);
        if (ipLen < 0) {
            drop(DropReason.INVALID_IP_PACKET);
            return;
        }
        int version = (plain[0] & 0xff) >>> 4;
        WireGuardPeer owner = version == 4
                ? allowedIps.lookup(plain, IpHeader.V4_SRC, 4)
                : allowedIps.lookup(plain, IpHeader.V6_SRC, 16);
        if (owner != peer) {
            drop(DropReason.WRONG_SOURCE_IP);
            return;
        }
        byte[] packet = ipLen == plain.length ? plain : java.util.Arrays.copyOf(plain, ipLen);
        received.add(new ReceivedPacket(packet, peer.publicKey));
    }

    // ---- output side ----

    /**
     * Encrypts an IP packet to the peer owning its destination (longest-prefix match), starting a
     * handshake first if needed (the packet waits in the peer's staging queue). Returns false if
     * the packet was dropped (counted).
     */
    public boolean sendIpPacket(byte[] packet, int off, int len, long now) {
        try {
            if (IpHeader.totalLength(packet, off, len) < 0) {
                drop(DropReason.INVALID_IP_PACKET);
                return false;
            }
            int version = (packet[off] & 0xff) >>> 4;
            WireGuardPeer peer = version == 4
                    ? allowedIps.lookup(packet, off + IpHeader.V4_DST, 4)
                    : allowedIps.lookup(packet, off + IpHeader.V6_DST, 16);
            if (peer == null) {
                drop(DropReason.NO_ROUTE);
                return false;
            }
            if (peer.trySendDirect(packet, off, len, now)) return true;
            peer.stage(Bytes.slice(packet, off, len));
            peer.sendStagedPackets(now);
            return true;
        } catch (RuntimeException e) {
            drop(DropReason.INTERNAL_ERROR);
            return false;
        }
    }

    /** Starts a handshake with the peer now (subject to the REKEY_TIMEOUT rate limit). */
    public void initiateHandshake(byte[] peerPublicKey, long now) {
        WireGuardPeer p = peer(peerPublicKey);
        if (p != null) p.sendHandshakeInitiation(now, false);
    }

    /** Runs every timer that is due. Call at or after {@link #pollTimeout()}. */
    public void handleTimers(long now) {
        try {
            for (WireGuardPeer p : peers.values()) p.timers.run(now);
        } catch (RuntimeException e) {
            drop(DropReason.INTERNAL_ERROR);
        }
    }

    /** The earliest timer deadline (nowNanos scale), or Clock.NEVER. */
    public long pollTimeout() {
        long t = Clock.NEVER;
        for (WireGuardPeer p : peers.values()) t = Math.min(t, p.timers.nextDeadline());
        return t;
    }

    public OutgoingDatagram pollDatagram() {
        return outgoing.poll();
    }

    public ReceivedPacket pollIpPacket() {
        return received.poll();
    }

    void emit(WireGuardPeer peer, byte[] datagram) {
        outgoing.add(new OutgoingDatagram(datagram, peer.endpoint, peer.publicKey));
    }

    // ---- counters ----

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    public long dropCount(DropReason reason) {
        return drops[reason.ordinal()];
    }

    public long cookieRepliesConsumed() {
        return cookieRepliesConsumed;
    }

    /** "reason=count" for every non-zero counter, for logs and test failure messages. */
    public String dropSummary() {
        StringBuilder sb = new StringBuilder();
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] == 0) continue;
            if (sb.length() > 0) sb.append(' ');
            sb.append(r.name()).append('=').append(drops[r.ordinal()]);
        }
        return sb.toString();
    }
}
