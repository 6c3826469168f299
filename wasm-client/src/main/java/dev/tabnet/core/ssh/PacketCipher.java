package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.CryptoException;

/**
 * The protection of one direction of the binary packet protocol (RFC 4253 §6): encryption and
 * integrity together, since the modes we support differ in what is in the clear (the length for
 * AEAD and EtM) and what the MAC covers. A packet in the clear is uint32 packet_length ‖ byte
 * padding_length ‖ payload ‖ padding; the sealed form appends tagSize() bytes.
 */
interface PacketCipher {
    /** Padding aligns to this (at least 8). */
    int blockSize();

    /** True if the 4-byte length field is outside the padding alignment (AEAD and EtM modes). */
    boolean lengthOutsideAlignment();

    /** Bytes appended to each packet (MAC or AEAD tag). */
    int tagSize();

    /** How many leading bytes packetLength needs. */
    int lengthPrefix();

    /** The packet_length of the packet starting at in[off]; called once per packet. */
    int packetLength(long seq, byte[] in, int off);

    /** Seals the clear packet pkt[0, n) into out[0, n + tagSize()). */
    void seal(long seq, byte[] pkt, int n, byte[] out);

    /** Authenticates and decrypts in[off, off + n + tagSize()) into out[0, n), n = 4 + packet_length. */
    void open(long seq, byte[] in, int off, int n, byte[] out) throws CryptoException;

    /** No protection, for the first key exchange. */
    PacketCipher NONE = new PacketCipher() {
        @Override public int blockSize() { return 8; }
        @Override public boolean lengthOutsideAlignment() { return false; }
        @Override public int tagSize() { return 0; }
        @Override public int lengthPrefix() { return 4; }

        @Override
        public int packetLength(long seq, byte[] in, int off) {
            return (in[off] & 0xff) << 24 | (in[off + 1] & 0xff) << 16 | (in[off + 2] & 0xff) << 8 | (in[off + 3] & 0xff);
        }

        @Override public void seal(long seq, byte[] pkt, int n, byte[] out) { System.arraycopy(pkt, 0, out, 0, n); }
        @Override public void open(long seq, byte[] in, int off, int n, byte[] out) { System.arraycopy(in, off, out, 0, n); }
    };
}
