package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import dev.tabnet.core.util.Bytes;

/**
 * Byte layouts of the four WireGuard messages (all integers little-endian; the type is one byte
 * followed by three zero bytes). Only offsets and tiny accessors live here; the crypto is elsewhere.
 */
final class Messages {
    private Messages() {}

    // Handshake initiation (148 bytes)
    static final int INITIATION_SENDER = 4;
    static final int INITIATION_NOISE = 8; // ephemeral(32) ‖ static(32+16) ‖ timestamp(12+16)
    static final int INITIATION_NOISE_LENGTH = NoiseIKpsk2.initiationLength(Tai64n.SIZE);
    static final int INITIATION_MAC1 = 116;
    static final int INITIATION_MAC2 = 132;

    // Handshake response (92 bytes)
    static final int RESPONSE_SENDER = 4;
    static final int RESPONSE_RECEIVER = 8;
    static final int RESPONSE_NOISE = 12; // ephemeral(32) ‖ empty(0+16)
    static final int RESPONSE_NOISE_LENGTH = NoiseIKpsk2.responseLength(0);
    static final int RESPONSE_MAC1 = 60;
    static final int RESPONSE_MAC2 = 76;

    // Cookie reply (64 bytes)
    static final int COOKIE_RECEIVER = 4;
    static final int COOKIE_NONCE = 8;
    static final int COOKIE_ENCRYPTED = 32;
    static final int COOKIE_ENCRYPTED_LENGTH = 16 + 16;

    // Transport data (16-byte header ‖ ciphertext ‖ tag)
    static final int TRANSPORT_RECEIVER = 4;
    static final int TRANSPORT_COUNTER = 8;
    static final int TRANSPORT_CONTENT = MESSAGE_TRANSPORT_HEADER_SIZE;

    /** The message type, or -1 when the three reserved bytes are not zero or the datagram is too short. */
    static int type(byte[] b, int off, int len) {
        if (len < 4) return -1;
        if (b[off + 1] != 0 || b[off + 2] != 0 || b[off + 3] != 0) return -1;
        return b[off] & 0xff;
    }

    static byte[] header(int type, int size) {
        byte[] m = new byte[size];
        m[0] = (byte) type;
        return m;
    }

    static int u32(byte[] b, int off) {
        return Bytes.i32le(b, off);
    }

    static void putU32(byte[] b, int off, int v) {
        Bytes.put32le(b, off, v);
    }

    /** Offsets of mac1 for a handshake message of the given type (mac2 follows at +16). */
    static int mac1Offset(int type) {
        return type == MESSAGE_INITIATION_TYPE ? INITIATION_MAC1 : RESPONSE_MAC1;
    }

    static int sizeOf(int type) {
        return type == MESSAGE_INITIATION_TYPE ? MESSAGE_INITIATION_SIZE : MESSAGE_RESPONSE_SIZE;
    }
}
