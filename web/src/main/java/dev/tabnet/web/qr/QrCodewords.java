package dev.tabnet.web.qr;

/**
 * Builds the final codeword sequence of a byte-mode, error-correction level M symbol (ISO/IEC 18004
 * §7.4): mode indicator, character count, data, terminator and pad bytes, split into blocks, each
 * block's Reed–Solomon codewords appended, then data and EC codewords interleaved across blocks.
 */
final class QrCodewords {
    static final int MAX_VERSION = 15;

    /** Total codewords per version (index = version), from the standard's capacity table. */
    private static final int[] TOTAL = {0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655};
    /** Level M: EC codewords per block. */
    private static final int[] EC_PER_BLOCK_M = {0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24};
    /** Level M: number of blocks. */
    private static final int[] BLOCKS_M = {0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10};

    private static final int MODE_BYTE = 0b0100;
    private static final int PAD_1 = 0xEC;
    private static final int PAD_2 = 0x11;

    private QrCodewords() {}

    static int totalCodewords(int version) {
        return TOTAL[version];
    }

    static int dataCodewords(int version) {
        return TOTAL[version] - EC_PER_BLOCK_M[version] * BLOCKS_M[version];
    }

    private static int countBits(int version) {
        return version <= 9 ? 8 : 16;
    }

    /** The smallest version whose level-M byte-mode capacity holds {@code length} bytes, or -1. */
    static int smallestVersion(int length) {
        for (int v = 1; v <= MAX_VERSION; v++) {
            if (length < (1 << countBits(v)) && 4 + countBits(v) + 8L * length <= 8L * dataCodewords(v)) return v;
        }
        return -1;
    }

    static byte[] build(byte[] payload, int version) {
        byte[] data = dataCodewordsFor(payload, version);
        int blocks = BLOCKS_M[version];
        int ec = EC_PER_BLOCK_M[version];
        int total = TOTAL[version];
        int shortBlockData = total / blocks - ec;
        int longBlocks = total % blocks;
        int shortBlocks = blocks - longBlocks;

        byte[][] blockData = new byte[blocks][];
        byte[][] blockEc = new byte[blocks][];
        int off = 0;
        for (int b = 0; b < blocks; b++) {
            int len = shortBlockData + (b < shortBlocks ? 0 : 1);
            blockData[b] = new byte[len];
            System.arraycopy(data, off, blockData[b], 0, len);
            blockEc[b] = ReedSolomon.remainder(data, off, len, ec);
            off += len;
        }
        byte[] out = new byte[total];
        int n = 0;
        for (int i = 0; i <= shortBlockData; i++) {
            for (int b = 0; b < blocks; b++) if (i < blockData[b].length) out[n++] = blockData[b][i];
        }
        for (int i = 0; i < ec; i++) {
            for (int b = 0; b < blocks; b++) out[n++] = blockEc[b][i];
        }
        return out;
    }

    private static byte[] dataCodewordsFor(byte[] payload, int version) {
        int capacity = dataCodewords(version);
        BitWriter bits = new BitWriter(capacity);
        bits.write(MODE_BYTE, 4);
        bits.write(payload.length, countBits(version));
        for (byte b : payload) bits.write(b & 0xFF, 8);
        int terminator = Math.min(4, capacity * 8 - bits.length());
        bits.write(0, terminator);
        bits.write(0, (8 - bits.length() % 8) % 8);
        byte[] out = bits.bytes();
        for (int i = bits.length() / 8, k = 0; i < capacity; i++, k++) out[i] = (byte) (k % 2 == 0 ? PAD_1 : PAD_2);
        return out;
    }

    private static final class BitWriter {
        private final byte[] buf;
        private int length;

        BitWriter(int bytes) {
            buf = new byte[bytes];
        }

        void write(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                if (((value >>> i) & 1) != 0) buf[length >> 3] |= (byte) (0x80 >>> (length & 7));
                length++;
            }
        }

        int length() {
            return length;
        }

        byte[] bytes() {
            return buf;
        }
    }
}
