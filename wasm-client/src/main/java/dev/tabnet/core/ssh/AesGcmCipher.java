package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.AesGcm;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.util.Bytes;

/**
 * aes128-gcm@openssh.com / aes256-gcm@openssh.com (RFC 5647 §7, OpenSSH PROTOCOL §1.6): the length
 * is in the clear and is the AAD; the 12-byte IV is a 4-byte fixed field and a 64-bit invocation
 * counter that increments per packet (not the sequence number).
 */
final class AesGcmCipher implements PacketCipher {
    private final AesGcm gcm;
    private final byte[] iv;

    AesGcmCipher(byte[] key, byte[] iv12) {
        gcm = new AesGcm(key);
        iv = iv12.clone();
    }

    @Override public int blockSize() { return 16; }
    @Override public boolean lengthOutsideAlignment() { return true; }
    @Override public int tagSize() { return AesGcm.TAG_SIZE; }
    @Override public int lengthPrefix() { return 4; }

    @Override
    public int packetLength(long seq, byte[] in, int off) {
        return Bytes.i32be(in, off);
    }

    @Override
    public void seal(long seq, byte[] pkt, int n, byte[] out) {
        System.arraycopy(pkt, 0, out, 0, 4);
        gcm.seal(iv, pkt, 0, 4, pkt, 4, n - 4, out, 4);
        nextIv();
    }

    @Override
    public void open(long seq, byte[] in, int off, int n, byte[] out) throws CryptoException {
        System.arraycopy(in, off, out, 0, 4);
        gcm.open(iv, in, off, 4, in, off + 4, n - 4 + AesGcm.TAG_SIZE, out, 4);
        nextIv();
    }

    private void nextIv() {
        Bytes.put64be(iv, 4, Bytes.i64be(iv, 4) + 1);
    }
}
