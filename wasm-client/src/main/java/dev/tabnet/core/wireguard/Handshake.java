package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;
import java.nio.charset.StandardCharsets;

/**
 * Per-peer handshake state and the WireGuard framing of the Noise_IKpsk2 messages
 * (wireguard-go noise-protocol.go). The psk is all zero, as Tailscale configures none.
 */
final class Handshake {
    enum State { ZEROED, INITIATION_CREATED, INITIATION_CONSUMED, RESPONSE_CREATED, RESPONSE_CONSUMED }

    static final byte[] PRESHARED_KEY = new byte[32];
    /** Ci and Hi: HASH(construction) and HASH(Ci ‖ identifier). */
    static final NoiseState INITIAL = NoiseState.initial(NOISE_CONSTRUCTION, WG_IDENTIFIER.getBytes(StandardCharsets.US_ASCII));

    State state = State.ZEROED;
    NoiseState noise;
    byte[] localEphemeral;
    byte[] remoteEphemeral;
    int localIndex;
    boolean hasLocalIndex;
    int remoteIndex;
    byte[] lastTimestamp = new byte[Tai64n.SIZE];
    boolean anyInitiationConsumed;
    long lastInitiationConsumedNanos;
    boolean anyHandshakeSent;
    long lastSentHandshakeNanos;

    static NoiseState initialFor(byte[] responderStatic) {
        NoiseState st = new NoiseState(INITIAL.chainingKey, INITIAL.hash);
        st.mixHash(responderStatic);
        return st;
    }

    void releaseIndex(IndexTable table) {
        if (hasLocalIndex) {
            table.delete(localIndex);
            hasLocalIndex = false;
        }
    }

    /** Forget everything except replay-protection state (wireguard-go Handshake.Clear). */
    void clear(IndexTable table) {
        releaseIndex(table);
        if (noise != null) noise.wipe();
        noise = null;
        wipe(localEphemeral);
        localEphemeral = null;
        remoteEphemeral = null;
        remoteIndex = 0;
        state = State.ZEROED;
    }

    private static void wipe(byte[] b) {
        if (b != null) java.util.Arrays.fill(b, (byte) 0);
    }

    /** Builds a 148-byte initiation to peer (MACs are added by the caller). */
    static byte[] createInitiation(WireGuardDevice dev, WireGuardPeer peer, long now) throws CryptoException {
        Handshake hs = peer.handshake;
        hs.clear(dev.indexTable);
        NoiseState st = initialFor(peer.publicKey);
        byte[] eph = X25519.generatePrivateKey(dev.entropy);
        byte[] msg = Messages.header(MESSAGE_INITIATION_TYPE, MESSAGE_INITIATION_SIZE);
        byte[] timestamp = Tai64n.fromUnixNanos(now + dev.unixTimeOffsetNanos);
        NoiseIKpsk2.writeInitiation(dev.config.dh, st, dev.staticPublic, eph, peer.publicKey, peer.staticStatic, timestamp, msg, Messages.INITIATION_NOISE);
        hs.localIndex = dev.indexTable.newIndexForHandshake(peer);
        hs.hasLocalIndex = true;
        Messages.putU32(msg, Messages.INITIATION_SENDER, hs.localIndex);
        hs.noise = st;
        hs.localEphemeral = eph;
        hs.state = State.INITIATION_CREATED;
        return msg;
    }

    /** Consumes an initiation (MACs already checked). Returns the peer, or null after counting why. */
    static WireGuardPeer consumeInitiation(WireGuardDevice dev, byte[] b, int off, long now) {
        NoiseState st = initialFor(dev.staticPublic);
        NoiseIKpsk2.Initiation in;
        try {
            in = NoiseIKpsk2.readInitiationStatic(dev.config.dh, st, dev.staticPrivate, b, off + Messages.INITIATION_NOISE, Messages.INITIATION_NOISE_LENGTH);
        } catch (CryptoException e) {
            dev.drop(DropReason.HANDSHAKE_DECRYPT_FAILED); // not for us, or forged
            return null;
        }
        WireGuardPeer peer = dev.peerByKey(in.remoteStatic);
        if (peer == null) {
            dev.drop(DropReason.UNKNOWN_PEER);
            return null;
        }
        try {
            NoiseIKpsk2.readInitiationPayload(st, in, peer.staticStatic, b, off + Messages.INITIATION_NOISE, Messages.INITIATION_NOISE_LENGTH);
        } catch (CryptoException e) {
            dev.drop(DropReason.HANDSHAKE_DECRYPT_FAILED); // timestamp forged
            return null;
        }
        Handshake hs = peer.handshake;
        if (!Tai64n.after(in.payload, hs.lastTimestamp)) {
            dev.drop(DropReason.HANDSHAKE_REPLAY);
            return null;
        }
        if (hs.anyInitiationConsumed && now - hs.lastInitiationConsumedNanos <= HANDSHAKE_INITIATION_RATE) {
            dev.drop(DropReason.HANDSHAKE_FLOOD);
            return null;
        }
        if (hs.noise != null) hs.noise.wipe();
        hs.noise = st;
        hs.remoteEphemeral = in.remoteEphemeral;
        hs.remoteIndex = Messages.u32(b, off + Messages.INITIATION_SENDER);
        hs.lastTimestamp = in.payload;
        hs.anyInitiationConsumed = true;
        hs.lastInitiationConsumedNanos = now;
        hs.state = State.INITIATION_CONSUMED;
        return peer;
    }

    /** Builds the 92-byte response for a consumed initiation (MACs are added by the caller). */
    static byte[] createResponse(WireGuardDevice dev, WireGuardPeer peer) throws CryptoException {
        Handshake hs = peer.handshake;
        if (hs.state != State.INITIATION_CONSUMED) throw new CryptoException("no initiation to respond to");
        hs.releaseIndex(dev.indexTable);
        hs.localIndex = dev.indexTable.newIndexForHandshake(peer);
        hs.hasLocalIndex = true;
        byte[] msg = Messages.header(MESSAGE_RESPONSE_TYPE, MESSAGE_RESPONSE_SIZE);
        Messages.putU32(msg, Messages.RESPONSE_SENDER, hs.localIndex);
        Messages.putU32(msg, Messages.RESPONSE_RECEIVER, hs.remoteIndex);
        wipe(hs.localEphemeral);
        hs.localEphemeral = X25519.generatePrivateKey(dev.entropy);
        NoiseIKpsk2.writeResponse(dev.config.dh, hs.noise, hs.localEphemeral, hs.remoteEphemeral, peer.publicKey, PRESHARED_KEY, new byte[0],
                msg, Messages.RESPONSE_NOISE);
        hs.state = State.RESPONSE_CREATED;
        return msg;
    }

    /** Consumes a response (MACs already checked). Returns the peer, or null after counting why. */
    static WireGuardPeer consumeResponse(WireGuardDevice dev, byte[] b, int off) {
        IndexTable.Entry entry = dev.indexTable.lookup(Messages.u32(b, off + Messages.RESPONSE_RECEIVER));
        if (entry == null || entry.keypair != null) {
            dev.drop(DropReason.UNKNOWN_RECEIVER_INDEX);
            return null;
        }
        WireGuardPeer peer = entry.peer;
        Handshake hs = peer.handshake;
        if (hs.state != State.INITIATION_CREATED) {
            dev.drop(DropReason.UNEXPECTED_RESPONSE);
            return null;
        }
        // Work on a copy so that a forged response cannot destroy the pending handshake.
        NoiseState st = new NoiseState(hs.noise.chainingKey, hs.noise.hash);
        try {
            NoiseIKpsk2.readResponse(dev.config.dh, st, dev.staticPrivate, hs.localEphemeral, PRESHARED_KEY, b,
                    off + Messages.RESPONSE_NOISE, Messages.RESPONSE_NOISE_LENGTH);
        } catch (CryptoException e) {
            dev.drop(DropReason.HANDSHAKE_DECRYPT_FAILED);
            return null;
        }
        hs.noise.wipe();
        hs.noise = st;
        hs.remoteIndex = Messages.u32(b, off + Messages.RESPONSE_SENDER);
        hs.state = State.RESPONSE_CONSUMED;
        return peer;
    }

    /**
     * Derives transport keys from a finished handshake and installs them (wireguard-go
     * BeginSymmetricSession): the initiator uses them at once; the responder keeps them as "next"
     * until the initiator proves possession by sending on them.
     */
    static void beginSymmetricSession(WireGuardDevice dev, WireGuardPeer peer, long now) {
        Handshake hs = peer.handshake;
        boolean isInitiator = hs.state == State.RESPONSE_CONSUMED;
        byte[][] keys = hs.noise.split();
        Keypair kp = isInitiator
                ? new Keypair(keys[0], keys[1], true, now, hs.localIndex, hs.remoteIndex)
                : new Keypair(keys[1], keys[0], false, now, hs.localIndex, hs.remoteIndex);
        java.util.Arrays.fill(keys[0], (byte) 0);
        java.util.Arrays.fill(keys[1], (byte) 0);
        dev.indexTable.swapForKeypair(hs.localIndex, kp);
        hs.hasLocalIndex = false; // the index now belongs to the keypair
        hs.clear(dev.indexTable);
        peer.installKeypair(kp);
    }
}
