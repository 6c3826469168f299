package dev.tabnet.core.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.util.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HPACK integer/string/Huffman rules and error cases (RFC 7541 §5, §6.3, Appendix C.1). */
class HpackCodecTest {
    private static byte[] integer(int prefixBits, int value) {
        ByteSink s = new ByteSink(8);
        HpackEncoder.integer(s, 0, prefixBits, value);
        return s.toByteArray();
    }

    @Test
    void integersAsInAppendixC1() {
        assertEquals("0a", Hex.encode(integer(5, 10)));      // C.1.1
        assertEquals("1f9a0a", Hex.encode(integer(5, 1337))); // C.1.2
        assertEquals("2a", Hex.encode(integer(8, 42)));       // C.1.3
    }

    @Test
    void huffmanCodeHasPublishedExtremes() {
        // RFC 7541 Appendix B: EOS is 30 ones; symbol 0 is 0x1ff8 (13 bits); 'a' is 0x3 (5 bits); 255 is 0x3ffffee (26 bits).
        assertEquals(0x3fffffff, HpackHuffman.CODES[HpackHuffman.EOS]);
        assertEquals(0x1ff8, HpackHuffman.CODES[0]);
        assertEquals(0x3, HpackHuffman.CODES['a']);
        assertEquals(0x3ffffee, HpackHuffman.CODES[255]);
    }

    @Test
    void huffmanRoundTripsEveryOctet() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 256; i++) all.append((char) i);
        for (int i = 255; i >= 0; i -= 3) all.append((char) i);
        String s = all.toString();
        ByteSink out = new ByteSink(16);
        HpackHuffman.encode(s, out);
        assertEquals(HpackHuffman.encodedLength(s), out.length());
        assertEquals(s, HpackHuffman.decode(out.array(), 0, out.length()));
    }

    @Test
    void huffmanPaddingRules() {
        // "a" = 00011 then 111 padding = 0x1f is valid; 0x18 pads with zeros; ff ff = 16 bits of EOS prefix.
        assertThrows(HpackException.class, () -> HpackHuffman.decode(new byte[] {0x18}, 0, 1));
        assertThrows(HpackException.class, () -> HpackHuffman.decode(new byte[] {0x1f, (byte) 0xff}, 0, 2));
        // a full EOS (30 ones) plus padding
        assertThrows(HpackException.class, () -> HpackHuffman.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 4));
    }

    @Test
    void shortestValidPadding() throws Exception {
        assertEquals("a", HpackHuffman.decode(new byte[] {0x1f}, 0, 1));
    }

    @Test
    void malformedBlocksAreRejectedWithReasons() {
        String[][] cases = {
            {"80", "index 0"},
            {"c0", "beyond the dynamic table"},
            {"1f", "truncated integer"},
            {"1fffffffff0f", "integer"},
            {"4005616263", "overruns"},
            {"3fe21f", "exceeds limit"},          // size update to 31 + 0x62 + (0x1f << 7) = 4097
            {"8220", "after a header field"},
        };
        for (String[] c : cases) {
            byte[] b = Hex.decode(c[0]);
            HpackException e = assertThrows(HpackException.class, () -> new HpackDecoder(4096).decode(b, 0, b.length), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void tableSizeUpdatesEvictAndAreSignalled() throws Exception {
        HpackEncoder enc = new HpackEncoder(4096, false);
        HpackDecoder dec = new HpackDecoder(4096);
        List<HeaderField> h = List.of(new HeaderField("x-a", "1"), new HeaderField("x-b", "2"));
        byte[] b1 = enc.encode(h);
        assertEquals(h, dec.decode(b1, 0, b1.length));
        assertEquals(2, dec.dynamicTableCount());
        enc.setMaxTableSize(0);
        enc.setMaxTableSize(40); // fits one 36-octet entry: the block starts with updates 0 then 40
        byte[] b2 = enc.encode(h);
        assertEquals(0x20, b2[0] & 0xff);
        assertEquals(0x3f, b2[1] & 0xff);
        assertEquals(h, dec.decode(b2, 0, b2.length));
        assertEquals(1, dec.dynamicTableCount());
        assertEquals(new HeaderField("x-b", "2"), dec.dynamicEntry(1));
        // A field larger than the whole table empties it and is not added (§4.4).
        List<HeaderField> big = List.of(new HeaderField("x-big", "0123456789"));
        byte[] b3 = enc.encode(big);
        assertEquals(big, dec.decode(b3, 0, b3.length));
        assertEquals(1, dec.dynamicTableCount(), "encoder sent it without indexing, so the table is unchanged");
    }

    @Test
    void manyFieldsEvictInFifoOrderOnBothSides() throws Exception {
        HpackEncoder enc = new HpackEncoder(256, true);
        HpackDecoder dec = new HpackDecoder(256);
        for (int round = 0; round < 50; round++) {
            List<HeaderField> h = new ArrayList<>();
            for (int i = 0; i < 5; i++) h.add(new HeaderField("x-field-" + ((round + i) % 9), "value-" + (round * 7 + i) % 13));
            byte[] b = enc.encode(h);
            assertEquals(h, dec.decode(b, 0, b.length), "round " + round);
            assertEquals(enc.dynamicTableSize(), dec.dynamicTableSize());
            assertTrue(dec.dynamicTableSize() <= 256);
        }
    }

    @Test
    void sensitiveFieldsAreNeverIndexed() throws Exception {
        HpackEncoder enc = new HpackEncoder(4096, true);
        byte[] b = enc.encode(List.of(new HeaderField("authorization", "secret", true)));
        assertEquals(0x1f, b[0] & 0xff); // never indexed, name index 23 = 15 + 8 → 0x1f 0x08
        assertEquals(0x08, b[1] & 0xff);
        assertEquals(0, enc.dynamicTableSize());
        HpackDecoder dec = new HpackDecoder(4096);
        HeaderField f = dec.decode(b, 0, b.length).get(0);
        assertTrue(f.sensitive);
        assertEquals("secret", f.value);
        assertEquals(0, dec.dynamicTableCount());
    }
}
