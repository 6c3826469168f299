package dev.tabnet.core.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tabnet.core.util.Hex;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    /** RFC 1071 section 3, "Numerical Examples": bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (checksum 220d). */
    @Test
    void rfc1071NumericalExample() {
        byte[] b = Hex.decode("0001f203f4f5f6f7");
        assertEquals(0x220d, Checksum.compute(b, 0, b.length));
        // The RFC also notes the sum is byte-order independent: swapped input gives the swapped sum.
        byte[] swapped = Hex.decode("0100 03f2 f5f4 f7f6");
        assertEquals(0x0d22, Checksum.compute(swapped, 0, swapped.length));
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] b = Hex.decode("0001f203f4f5f6f7ab");
        byte[] padded = Hex.decode("0001f203f4f5f6f7ab00");
        assertEquals(Checksum.compute(padded, 0, padded.length), Checksum.compute(b, 0, b.length));
    }

    @Test
    void largeInputsFoldCarries() {
        byte[] b = new byte[70000];
        java.util.Arrays.fill(b, (byte) 0xff);
        // 35000 words of 0xffff: ones' complement sum is 0xffff, checksum 0.
        assertEquals(0, Checksum.compute(b, 0, b.length));
    }

    /** The four-words-per-step loop agrees with the plain RFC 1071 word sum for every length, offset and start sum. */
    @Test
    void unrolledSumMatchesWordByWordSum() {
        java.util.Random rnd = new java.util.Random(3);
        byte[] b = new byte[80];
        for (int round = 0; round < 200; round++) {
            rnd.nextBytes(b);
            int start = round == 0 ? 0 : rnd.nextInt();
            for (int off = 0; off < 5; off++) {
                for (int len = 0; off + len <= b.length; len++) {
                    long ref = start & 0xffffffffL;
                    for (int k = 0; k < len; k += 2) ref += ((b[off + k] & 0xff) << 8) | (k + 1 < len ? b[off + k + 1] & 0xff : 0);
                    while ((ref >>> 16) != 0) ref = (ref & 0xffff) + (ref >>> 16);
                    org.junit.jupiter.api.Assertions.assertEquals((int) (~ref & 0xffff), Checksum.finish(Checksum.add(start, b, off, len)),
                            "off " + off + " len " + len);
                }
            }
        }
    }
}
