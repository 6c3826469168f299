package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.StreamBuffer;

/**
 * Reassembles binary packets (RFC 4253 §6) from the TCP byte stream of the server → client
 * direction and removes their protection. Tracks the sequence number and the volume received under
 * the current keys (for the RFC 4344 §3 re-key limits).
 */
final class PacketReader {
    /** RFC 4253 §6.1 requires 35000; we allow some more, as OpenSSH does, but not unbounded. */
    static final int MAX_PACKET_LENGTH = 256 * 1024;

    private final StreamBuffer in = new StreamBuffer(32 * 1024);
    private PacketCipher cipher = PacketCipher.NONE;
    private int pendingLength = -1; // packet_length once the first block is decoded
    private long seq;
    long packetsSinceKex;
    long bytesSinceKex;

    void append(byte[] b, int off, int len) {
        in.append(b, off, len);
    }

    /** Unconsumed raw bytes, for the version exchange that precedes the packets. */
    byte[] buffer() { return in.array(); }
    int start() { return in.start(); }
    int available() { return in.available(); }
    void skip(int n) { in.consume(n); }

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

    /** The next payload, or null if more bytes are needed. */
    byte[] next() throws SshException {
        if (pendingLength < 0) {
            if (in.available() < cipher.lengthPrefix()) return null;
            int len = cipher.packetLength(seq, in.array(), in.start());
            checkLength(len);
            pendingLength = len;
        }
        int n = 4 + pendingLength;
        int total = n + cipher.tagSize();
        if (in.available() < total) return null;
        byte[] clear = new byte[n];
        try {
            cipher.open(seq, in.array(), in.start(), n, clear);
        } catch (CryptoException e) {
            throw new SshException(SshMessages.SSH_DISCONNECT_MAC_ERROR, "packet " + seq + ": MAC check failed (" + e.getMessage() + ")");
        }
        int padding = clear[4] & 0xff;
        if (padding < 4 || padding > pendingLength - 1) {
            throw SshException.protocol("packet " + seq + ": bad padding length " + padding + " for packet length " + pendingLength);
        }
        int payloadLen = pendingLength - 1 - padding;
        if (payloadLen < 1) throw SshException.protocol("packet " + seq + ": empty payload");
        in.consume(total);
        pendingLength = -1;
        seq = (seq + 1) & 0xffffffffL;
        packetsSinceKex++;
        bytesSinceKex += total;
        return Bytes.slice(clear, 5, payloadLen);
    }

    private void checkLength(int len) throws SshException {
        if (len < 5 || len > MAX_PACKET_LENGTH) {
            throw SshException.protocol("packet " + seq + ": bad packet length " + (len & 0xffffffffL));
        }
        int aligned = cipher.lengthOutsideAlignment() ? len : len + 4;
        int bs = cipher.blockSize();
        if (aligned % bs != 0) {
            throw SshException.protocol("packet " + seq + ": packet length " + len + " is not a multiple of the block size " + bs);
        }
        if (4 + len < cipher.lengthPrefix()) throw SshException.protocol("packet " + seq + ": packet shorter than one block");
    }
}
