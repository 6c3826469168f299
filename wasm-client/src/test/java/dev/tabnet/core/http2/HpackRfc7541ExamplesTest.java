package dev.tabnet.core.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tabnet.core.util.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 7541 Appendix C: our decoder must produce the published header lists and dynamic tables from
 * the published bytes, and our encoder must produce the published bytes (with and without Huffman).
 */
class HpackRfc7541ExamplesTest {
    static final class Block {
        String name;
        final StringBuilder hex = new StringBuilder();
        final List<HeaderField> fields = new ArrayList<>();
        final List<HeaderField> dynamic = new ArrayList<>();
        int size = -1;
    }

    static final class Sequence {
        String name;
        int tableSize;
        boolean huffman;
        final List<Block> blocks = new ArrayList<>();
    }

    static List<Sequence> load() throws IOException {
        List<Sequence> seqs = new ArrayList<>();
        try (InputStream in = HpackRfc7541ExamplesTest.class.getResourceAsStream("rfc7541-appendix-c.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Sequence seq = null;
            Block block = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int sp = line.indexOf(' ');
                String kw = line.substring(0, sp), rest = line.substring(sp + 1);
                switch (kw) {
                    case "sequence": {
                        String[] p = rest.split(" ");
                        seq = new Sequence();
                        seq.name = p[0];
                        seq.tableSize = Integer.parseInt(p[1]);
                        seq.huffman = p.length > 2 && p[2].equals("huffman");
                        seqs.add(seq);
                        break;
                    }
                    case "block":
                        block = new Block();
                        block.name = rest;
                        seq.blocks.add(block);
                        break;
                    case "hex":
                        block.hex.append(rest.replace(" ", ""));
                        break;
                    case "field":
                        block.fields.add(field(rest, false));
                        break;
                    case "never":
                        block.fields.add(field(rest, true));
                        break;
                    case "dynamic":
                        block.dynamic.add(field(rest, false));
                        break;
                    case "size":
                        block.size = Integer.parseInt(rest);
                        break;
                    default:
                        throw new IllegalStateException("bad line " + line);
                }
            }
        }
        return seqs;
    }

    private static HeaderField field(String s, boolean sensitive) {
        int colon = s.indexOf(": ", 1); // names like ":path" start with a colon
        return new HeaderField(s.substring(0, colon), s.substring(colon + 2), sensitive);
    }

    @Test
    void decoderReproducesAppendixC() throws Exception {
        List<Sequence> seqs = load();
        assertEquals(8, seqs.size());
        int blocks = 0;
        for (Sequence seq : seqs) {
            HpackDecoder dec = new HpackDecoder(seq.tableSize);
            for (Block b : seq.blocks) {
                byte[] wire = Hex.decode(b.hex.toString());
                List<HeaderField> got = dec.decode(wire, 0, wire.length);
                assertEquals(b.fields, got, b.name + " header list");
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(b.fields.get(i).sensitive, got.get(i).sensitive, b.name + " never-indexed flag of field " + i);
                }
                assertEquals(b.dynamic.size(), dec.dynamicTableCount(), b.name + " dynamic table entries");
                for (int i = 0; i < b.dynamic.size(); i++) assertEquals(b.dynamic.get(i), dec.dynamicEntry(i + 1), b.name + " dynamic [" + (i + 1) + "]");
                assertEquals(b.size, dec.dynamicTableSize(), b.name + " dynamic table size");
                blocks++;
            }
        }
        assertEquals(16, blocks);
    }

    @Test
    void encoderReproducesAppendixC() throws Exception {
        int checked = 0;
        for (Sequence seq : load()) {
            // C.2.2 shows "literal without indexing"; our encoder indexes such a field instead (a valid choice).
            if (seq.name.equals("C.2.2")) continue;
            HpackEncoder enc = new HpackEncoder(seq.tableSize, seq.huffman);
            for (Block b : seq.blocks) {
                byte[] expected = Hex.decode(b.hex.toString());
                byte[] got = enc.encode(b.fields);
                assertArrayEquals(expected, got, b.name + " encoding: got " + Hex.encode(got));
                assertEquals(b.size, enc.dynamicTableSize(), b.name + " encoder table size");
                checked++;
            }
        }
        assertEquals(15, checked);
    }

    @Test
    void decodingInBlocksOfDifferentDecodersIsIndependent() throws Exception {
        // The C.3.2 block refers to index 62, which only exists after C.3.1; a fresh decoder must refuse it.
        Sequence c3 = load().get(4);
        assertEquals("C.3", c3.name);
        byte[] second = Hex.decode(c3.blocks.get(1).hex.toString());
        HpackDecoder fresh = new HpackDecoder(4096);
        HpackException e = org.junit.jupiter.api.Assertions.assertThrows(HpackException.class, () -> fresh.decode(second, 0, second.length));
        assertFalse(e.getMessage().isEmpty());
    }
}
