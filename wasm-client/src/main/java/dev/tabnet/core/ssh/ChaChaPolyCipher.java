package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.OpenSshChaChaPoly;

/** chacha20-poly1305@openssh.com: encrypted length, 16-byte Poly1305 tag, nonce = sequence number. */
final class ChaChaPolyCipher implements PacketCipher {
    private final OpenSshChaChaPoly aead;

    ChaChaPolyCipher(byte[] key64) {
        aead = new OpenSshChaChaPoly(key64);
    }

    @Override public int blockSize() { return 8; }
    @Override public boolean lengthOutsideAlignment() { return true; }
    @Override public int tagSize() { return OpenSshChaChaPoly.TAG_SIZE; }
    @Override public int lengthPrefix() { return 4; }

    @Override
    public int packetLength(long seq, byte[] in, int off) {
        return aead.decryptLength(seq, in, off);
    }

    @Override
    public void seal(long seq, byte[] pkt, int n, byte[] out) {
        aead.seal(seq, pkt, 0, n, out, 0);
    }

    @Override
    public void open(long seq, byte[] in, int off, int n, byte[] out) throws CryptoException {
        aead.open(seq, in, off, n + OpenSshChaChaPoly.TAG_SIZE, out, 0);
    }
}
