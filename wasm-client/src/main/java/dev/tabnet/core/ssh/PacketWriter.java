package dev.tabnet.core.ssh;

import dev.tabnet.core.Entropy;

/** Frames, pads and protects outgoing payloads (RFC 4253 §6); counts what is sent under the current keys. */
final class PacketWriter {
    private final Entropy entropy;
    private PacketCipher cipher = PacketCipher.NONE;
    private long seq;
    long packetsSinceKex;
    long bytesSinceKex;

    PacketWriter(Entropy entropy) {
        this.entropy = entropy;
    }

    void setCipher(PacketCipher c) {
        cipher = c;
        packetsSinceKex = 0;
        bytesSinceKex = 0;
    }

    long sequence() {
        return seq;
    }

    void resetSequence() {
        seq = 0;
    }

    /** The sealed packet carrying payload. */
    byte[] seal(byte[] payload) {
        int bs = Math.max(8, cipher.blockSize());
        int aligned = 1 + payload.length + (cipher.lengthOutsideAlignment() ? 0 : 4);
        int padding = bs - aligned % bs;
        if (padding < 4) padding += bs;
        int packetLength = 1 + payload.length + padding;
        int n = 4 + packetLength;
        byte[] clear = new byte[n];
        clear[0] = (byte) (packetLength >>> 24);
        clear[1] = (byte) (packetLength >>> 16);
        clear[2] = (byte) (packetLength >>> 8);
        clear[3] = (byte) packetLength;
        clear[4] = (byte) padding;
        System.arraycopy(payload, 0, clear, 5, payload.length);
        entropy.nextBytes(clear, 5 + payload.length, padding);
        byte[] out = new byte[n + cipher.tagSize()];
        cipher.seal(seq, clear, n, out);
        seq = (seq + 1) & 0xffffffffL;
        packetsSinceKex++;
        bytesSinceKex += out.length;
        return out;
    }
}
