package dev.tabnet.core.ssh;

import dev.tabnet.core.crypto.AesCtr;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.HmacSha2;
import dev.tabnet.core.util.Bytes;

/**
 * aes128-ctr / aes256-ctr (RFC 4344) with hmac-sha2-256 (RFC 6668). Classic mode MACs the clear
 * packet (mac = HMAC(seq ‖ packet)) and encrypts the length too, so the first block must be
 * decrypted to learn the length. The EtM variant (hmac-sha2-256-etm@openssh.com, OpenSSH PROTOCOL
 * §1.5) leaves the length in the clear and MACs seq ‖ length ‖ ciphertext, checked before decryption.
 */
final class AesCtrHmacCipher implements PacketCipher {
    private final AesCtr ctr;
    private final HmacSha2 mac;
    private final boolean etm;
    private final byte[] seqBytes = new byte[4];
    private final byte[] firstBlock = new byte[16];
    private final byte[] tag;

    AesCtrHmacCipher(byte[] key, byte[] iv16, byte[] macKey, boolean etm) {
        ctr = new AesCtr(key, iv16);
        mac = HmacSha2.sha256(macKey);
        this.etm = etm;
        tag = new byte[mac.length()];
    }

    @Override public int blockSize() { return 16; }
    @Override public boolean lengthOutsideAlignment() { return etm; }
    @Override public int tagSize() { return mac.length(); }
    @Override public int lengthPrefix() { return etm ? 4 : 16; }

    @Override
    public int packetLength(long seq, byte[] in, int off) {
        if (etm) return Bytes.i32be(in, off);
        ctr.process(in, off, 16, firstBlock, 0);
        return Bytes.i32be(firstBlock, 0);
    }

    @Override
    public void seal(long seq, byte[] pkt, int n, byte[] out) {
        Bytes.put32be(seqBytes, 0, seq);
        if (etm) {
            System.arraycopy(pkt, 0, out, 0, 4);
            ctr.process(pkt, 4, n - 4, out, 4);
            mac.update(seqBytes, 0, 4).update(out, 0, n).doFinal(out, n);
        } else {
            mac.update(seqBytes, 0, 4).update(pkt, 0, n).doFinal(out, n);
            ctr.process(pkt, 0, n, out, 0);
        }
    }

    @Override
    public void open(long seq, byte[] in, int off, int n, byte[] out) throws CryptoException {
        Bytes.put32be(seqBytes, 0, seq);
        if (etm) {
            mac.update(seqBytes, 0, 4).update(in, off, n).doFinal(tag, 0);
            if (!Bytes.constantTimeEquals(tag, 0, in, off + n, tag.length)) throw new CryptoException("hmac-sha2-256-etm MAC mismatch");
            System.arraycopy(in, off, out, 0, 4);
            ctr.process(in, off + 4, n - 4, out, 4);
        } else {
            System.arraycopy(firstBlock, 0, out, 0, 16);
            ctr.process(in, off + 16, n - 16, out, 16);
            mac.update(seqBytes, 0, 4).update(out, 0, n).doFinal(tag, 0);
            if (!Bytes.constantTimeEquals(tag, 0, in, off + n, tag.length)) throw new CryptoException("hmac-sha2-256 MAC mismatch");
        }
    }
}
