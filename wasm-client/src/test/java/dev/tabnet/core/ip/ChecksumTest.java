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
}
