package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;

/**
 * The two messages of Noise_IKpsk2 as WireGuard uses them, on raw Noise fields (no WireGuard
 * header, indices or MACs). Payloads are of any length so that the same code reproduces the
 * cacophony vectors; WireGuard passes the TAI64N timestamp and an empty payload.
 *
 * <pre>
 *   <- s
 *   -> e, es, s, ss        (payload: timestamp)
 *   <- e, ee, se, psk      (payload: empty)
 * </pre>
 */
final class NoiseIKpsk2 {
    private NoiseIKpsk2() {}

    static final int KEY = X25519.KEY_SIZE;
    static final int TAG = ChaCha20Poly1305.TAG_SIZE;

    /** Size of message 1 fields for a payload of n bytes: e ‖ enc(s) ‖ enc(payload). */
    static int initiationLength(int payloadLength) {
        return KEY + KEY + TAG + payloadLength + TAG;
    }

    static int responseLength(int payloadLength) {
        return KEY + payloadLength + TAG;
    }

    /**
     * Initiator: st must already hold MixHash(responder static). Writes message 1 fields at out[off].
     * staticStatic is DH(s, rs): it never changes for a peer, so the device computes it once when the
     * peer is added (wireguard-go precomputedStaticStatic).
     */
    static void writeInitiation(Dh dh, NoiseState st, byte[] staticPub, byte[] ephemeralPriv, byte[] remoteStatic,
                                byte[] staticStatic, byte[] payload, byte[] out, int off) throws CryptoException {
        byte[] e = dh.publicKey(ephemeralPriv);
        System.arraycopy(e, 0, out, off, KEY);
        st.mixChain(e);
        st.mixHash(e);
        byte[] k = st.mixKey(dh.sharedSecret(ephemeralPriv, remoteStatic));
        off += KEY;
        off += st.encryptAndHash(k, staticPub, out, off);
        k = st.mixKey(staticStatic);
        st.encryptAndHash(k, payload, out, off);
    }

    /** What the responder learns from message 1. */
    static final class Initiation {
        final byte[] remoteEphemeral;
        final byte[] remoteStatic;
        /** Null until {@link #readInitiationPayload} has decrypted it. */
        byte[] payload;

        Initiation(byte[] remoteEphemeral, byte[] remoteStatic) {
            this.remoteEphemeral = remoteEphemeral;
            this.remoteStatic = remoteStatic;
        }
    }

    /** Responder: st must already hold MixHash(own static). Reads message 1 fields of the given length. */
    static Initiation readInitiation(Dh dh, NoiseState st, byte[] staticPriv, byte[] in, int off, int len) throws CryptoException {
        Initiation i = readInitiationStatic(dh, st, staticPriv, in, off, len);
        readInitiationPayload(st, i, dh.sharedSecret(staticPriv, i.remoteStatic), in, off, len);
        return i;
    }

    /**
     * First half of {@link #readInitiation}: e, es and the initiator's static key, so that the caller
     * can look the peer up and use its precomputed DH(s, rs) for the second half.
     */
    static Initiation readInitiationStatic(Dh dh, NoiseState st, byte[] staticPriv, byte[] in, int off, int len) throws CryptoException {
        if (len < initiationLength(0)) throw new CryptoException("initiation too short");
        byte[] e = dev.tabnet.core.util.Bytes.slice(in, off, KEY);
        st.mixChain(e);
        st.mixHash(e);
        byte[] k = st.mixKey(dh.sharedSecret(staticPriv, e));
        byte[] s = st.decryptAndHash(k, in, off + KEY, KEY + TAG);
        return new Initiation(e, s);
    }

    /** Second half: ss from DH(s, rs), then the payload (same in, off and len as the first half). */
    static void readInitiationPayload(NoiseState st, Initiation i, byte[] staticStatic, byte[] in, int off, int len) throws CryptoException {
        int payloadLen = len - initiationLength(0);
        byte[] k = st.mixKey(staticStatic);
        i.payload = st.decryptAndHash(k, in, off + KEY + KEY + TAG, payloadLen + TAG);
    }

    /** Responder: writes message 2 fields at out[off]. */
    static void writeResponse(Dh dh, NoiseState st, byte[] ephemeralPriv, byte[] remoteEphemeral, byte[] remoteStatic,
                              byte[] psk, byte[] payload, byte[] out, int off) throws CryptoException {
        byte[] e = dh.publicKey(ephemeralPriv);
        System.arraycopy(e, 0, out, off, KEY);
        st.mixHash(e);
        st.mixChain(e);
        st.mixChain(dh.sharedSecret(ephemeralPriv, remoteEphemeral));
        st.mixChain(dh.sharedSecret(ephemeralPriv, remoteStatic));
        byte[] k = st.mixKeyAndHash(psk);
        st.encryptAndHash(k, payload, out, off + KEY);
    }

    /** Initiator: reads message 2 fields; returns the payload. */
    static byte[] readResponse(Dh dh, NoiseState st, byte[] staticPriv, byte[] ephemeralPriv, byte[] psk,
                               byte[] in, int off, int len) throws CryptoException {
        int payloadLen = len - responseLength(0);
        if (payloadLen < 0) throw new CryptoException("response too short");
        byte[] e = dev.tabnet.core.util.Bytes.slice(in, off, KEY);
        st.mixHash(e);
        st.mixChain(e);
        st.mixChain(dh.sharedSecret(ephemeralPriv, e));
        st.mixChain(dh.sharedSecret(staticPriv, e));
        byte[] k = st.mixKeyAndHash(psk);
        return st.decryptAndHash(k, in, off + KEY, payloadLen + TAG);
    }
}
