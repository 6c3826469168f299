package dev.tabnet.core.control.noise;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;

/**
 * The Noise IK pattern with the 25519 / ChaChaPoly / BLAKE2s suite, as a plain two-message
 * handshake object (no framing, no I/O). ts2021 uses it with a version prologue and empty payloads;
 * the generic form is what the cacophony vectors test.
 *
 * <pre>
 *   &lt;- s
 *   ...
 *   -&gt; e, es, s, ss
 *   &lt;- e, ee, se
 * </pre>
 *
 * Misuse (calls out of order) is a programming error and throws IllegalStateException; anything
 * wrong with the peer's bytes is a CryptoException.
 */
public final class NoiseIK {
    public static final String PROTOCOL_NAME = "Noise_IK_25519_ChaChaPoly_BLAKE2s";
    public static final int DH_LEN = X25519.KEY_SIZE;
    public static final int TAG_LEN = ChaCha20Poly1305.TAG_SIZE;
    /** Fixed bytes of message 1 besides its payload: e (32) + encrypted s (48) + payload tag (16). */
    public static final int MESSAGE1_OVERHEAD = DH_LEN + DH_LEN + TAG_LEN + TAG_LEN;
    /** Fixed bytes of message 2 besides its payload: e (32) + payload tag (16). */
    public static final int MESSAGE2_OVERHEAD = DH_LEN + TAG_LEN;

    private enum Step { WRITE_1, READ_1, WRITE_2, READ_2, SPLIT, DONE }

    private final boolean initiator;
    private final SymmetricState ss = new SymmetricState(PROTOCOL_NAME);
    private final byte[] staticPrivate;
    private final byte[] ephemeralPrivate;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;
    private Step step;

    private NoiseIK(boolean initiator, byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate, byte[] remoteStatic) {
        this.initiator = initiator;
        this.staticPrivate = staticPrivate.clone();
        this.ephemeralPrivate = ephemeralPrivate.clone();
        ss.mixHash(prologue);
        // Pre-message "<- s": both sides hash the responder's static key.
        ss.mixHash(initiator ? remoteStatic : X25519.publicKey(staticPrivate));
        this.remoteStatic = initiator ? remoteStatic.clone() : null;
        this.step = initiator ? Step.WRITE_1 : Step.READ_1;
    }

    /** The client side: it knows the responder's static public key in advance. */
    public static NoiseIK initiator(byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate, byte[] responderStaticPublic) {
        if (responderStaticPublic.length != DH_LEN) throw new IllegalArgumentException("responder static key must be 32 bytes");
        return new NoiseIK(true, prologue, staticPrivate, ephemeralPrivate, responderStaticPublic);
    }

    public static NoiseIK responder(byte[] prologue, byte[] staticPrivate, byte[] ephemeralPrivate) {
        return new NoiseIK(false, prologue, staticPrivate, ephemeralPrivate, null);
    }

    /** -> e, es, s, ss, payload. */
    public byte[] writeMessage1(byte[] payload) throws CryptoException {
        expect(Step.WRITE_1);
        byte[] e = X25519.publicKey(ephemeralPrivate);
        ss.mixHash(e);
        ss.mixKey(X25519.sharedSecret(ephemeralPrivate, remoteStatic));
        byte[] encryptedStatic = ss.encryptAndHash(X25519.publicKey(staticPrivate));
        ss.mixKey(X25519.sharedSecret(staticPrivate, remoteStatic));
        byte[] encryptedPayload = ss.encryptAndHash(payload);
        step = Step.READ_2;
        return Bytes.concat(e, encryptedStatic, encryptedPayload);
    }

    /** Reads message 1 and returns its payload; {@link #remoteStatic()} is then the initiator's key. */
    public byte[] readMessage1(byte[] message) throws CryptoException {
        expect(Step.READ_1);
        if (message.length < MESSAGE1_OVERHEAD) throw new CryptoException("Noise IK message 1 too short");
        step = Step.DONE; // a failed read leaves the handshake unusable
        remoteEphemeral = Bytes.slice(message, 0, DH_LEN);
        ss.mixHash(remoteEphemeral);
        ss.mixKey(X25519.sharedSecret(staticPrivate, remoteEphemeral));
        byte[] rs = ss.decryptAndHash(Bytes.slice(message, DH_LEN, DH_LEN + TAG_LEN));
        ss.mixKey(X25519.sharedSecret(staticPrivate, rs));
        int payloadOff = 2 * DH_LEN + TAG_LEN;
        byte[] payload = ss.decryptAndHash(Bytes.slice(message, payloadOff, message.length - payloadOff));
        remoteStatic = rs;
        step = Step.WRITE_2;
        return payload;
    }

    /** <- e, ee, se, payload. */
    public byte[] writeMessage2(byte[] payload) throws CryptoException {
        expect(Step.WRITE_2);
        byte[] e = X25519.publicKey(ephemeralPrivate);
        ss.mixHash(e);
        ss.mixKey(X25519.sharedSecret(ephemeralPrivate, remoteEphemeral));
        ss.mixKey(X25519.sharedSecret(ephemeralPrivate, remoteStatic));
        byte[] encryptedPayload = ss.encryptAndHash(payload);
        step = Step.SPLIT;
        return Bytes.concat(e, encryptedPayload);
    }

    public byte[] readMessage2(byte[] message) throws CryptoException {
        expect(Step.READ_2);
        if (message.length < MESSAGE2_OVERHEAD) throw new CryptoException("Noise IK message 2 too short");
        step = Step.DONE;
        remoteEphemeral = Bytes.slice(message, 0, DH_LEN);
        ss.mixHash(remoteEphemeral);
        ss.mixKey(X25519.sharedSecret(ephemeralPrivate, remoteEphemeral));
        ss.mixKey(X25519.sharedSecret(staticPrivate, remoteEphemeral));
        byte[] payload = ss.decryptAndHash(Bytes.slice(message, DH_LEN, message.length - DH_LEN));
        step = Step.SPLIT;
        return payload;
    }

    /** Ends the handshake: the two transport directions of this side and the handshake hash. */
    public Transport split(CipherState.NonceEncoding encoding) {
        expect(Step.SPLIT);
        step = Step.DONE;
        byte[][] keys = ss.split();
        byte[] hash = ss.handshakeHash();
        ss.wipe();
        Bytes.wipe(ephemeralPrivate);
        Bytes.wipe(staticPrivate);
        CipherState i2r = new CipherState(keys[0], encoding);
        CipherState r2i = new CipherState(keys[1], encoding);
        return initiator ? new Transport(i2r, r2i, hash) : new Transport(r2i, i2r, hash);
    }

    /** The peer's static key: given for an initiator, learned from message 1 by a responder. */
    public byte[] remoteStatic() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    /** The running transcript hash h (after Split this is the handshake hash). */
    public byte[] currentHash() {
        return ss.handshakeHash();
    }

    private void expect(Step s) {
        if (step != s) throw new IllegalStateException("Noise IK: expected step " + s + " but at " + step);
    }

    /** The result of Split for one side. */
    public static final class Transport {
        public final CipherState send;
        public final CipherState receive;
        private final byte[] handshakeHash;

        Transport(CipherState send, CipherState receive, byte[] handshakeHash) {
            this.send = send;
            this.receive = receive;
            this.handshakeHash = handshakeHash;
        }

        public byte[] handshakeHash() {
            return handshakeHash.clone();
        }
    }
}
