package dev.tabnet.core.http2;

/**
 * The HPACK Huffman code (RFC 7541 §5.2, Appendix B). The code is canonical, so the table of code
 * lengths alone defines it: codes are assigned in order of (length, symbol). Symbol 256 is EOS.
 */
final class HpackHuffman {
    private HpackHuffman() {}

    static final int EOS = 256;

    /** Code length in bits of each symbol 0..256 (RFC 7541 Appendix B). */
    static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30, // EOS (256)
    };

    /** Code of each symbol, right-aligned in LENGTHS[s] bits. */
    static final int[] CODES = new int[257];

    /** Binary decoding tree: CHILD[2*node + bit] is a node (> 0) or ~symbol (< 0); node 0 is the root. */
    private static final int[] CHILD;

    static {
        // Canonical code assignment: sort symbols by (length, symbol), count upwards, shift on length steps.
        int[] order = new int[257];
        int n = 0;
        for (int len = 1; len <= 30; len++) for (int s = 0; s <= 256; s++) if (LENGTHS[s] == len) order[n++] = s;
        int code = 0;
        int prevLen = LENGTHS[order[0]];
        for (int i = 0; i < 257; i++) {
            int s = order[i];
            if (i > 0) code = (code + 1) << (LENGTHS[s] - prevLen);
            prevLen = LENGTHS[s];
            CODES[s] = code;
        }
        int[] child = new int[2 * 512];
        int nodes = 1;
        for (int s = 0; s <= 256; s++) {
            int node = 0;
            for (int b = LENGTHS[s] - 1; b > 0; b--) {
                int bit = (CODES[s] >>> b) & 1;
                if (child[2 * node + bit] == 0) child[2 * node + bit] = nodes++;
                node = child[2 * node + bit];
            }
            child[2 * node + (CODES[s] & 1)] = ~s;
        }
        CHILD = child;
    }

    /** Encoded length in octets of the ISO-8859-1 string s. */
    static int encodedLength(String s) {
        long bits = 0;
        for (int i = 0; i < s.length(); i++) bits += LENGTHS[s.charAt(i) & 0xff];
        return (int) ((bits + 7) >>> 3);
    }

    /** Appends the Huffman code of s (octets = chars & 0xff), padded with the EOS prefix (all ones). */
    static void encode(String s, ByteSink out) {
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int sym = s.charAt(i) & 0xff;
            acc = (acc << LENGTHS[sym]) | CODES[sym];
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits));
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) out.write((int) ((acc << (8 - bits)) | (0xff >>> bits)));
    }

    /**
     * Decodes len octets at off. RFC 7541 §5.2: padding longer than 7 bits, padding that is not the EOS
     * prefix, and a decoded EOS are decoding errors.
     */
    static String decode(byte[] b, int off, int len) throws HpackException {
        StringBuilder sb = new StringBuilder(len + (len >>> 1));
        int node = 0;
        int pendingBits = 0; // bits read since the last complete symbol
        boolean allOnes = true;
        for (int i = off; i < off + len; i++) {
            int octet = b[i] & 0xff;
            for (int k = 7; k >= 0; k--) {
                int bit = (octet >>> k) & 1;
                int next = CHILD[2 * node + bit];
                pendingBits++;
                allOnes &= bit == 1;
                if (next < 0) {
                    int sym = ~next;
                    if (sym == EOS) throw new HpackException("Huffman string contains EOS");
                    sb.append((char) sym);
                    node = 0;
                    pendingBits = 0;
                    allOnes = true;
                } else if (next == 0) {
                    throw new HpackException("invalid Huffman code");
                } else {
                    node = next;
                }
            }
        }
        if (pendingBits > 7) throw new HpackException("Huffman padding longer than 7 bits");
        if (!allOnes) throw new HpackException("Huffman padding is not the EOS prefix");
        return sb.toString();
    }
}
