package dev.tabnet.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.HpackDecoder;
import dev.tabnet.core.http2.HpackEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http.compression.HuffmanEncoder;
import org.junit.jupiter.api.Test;

/** Our HPACK against Jetty's (jetty-http2-hpack 12.1.5): the Huffman table and dynamic-table state. */
class HpackJettyCrossTest {
    private static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.write(flags | value);
            return;
        }
        out.write(flags | mask);
        for (value -= mask; value >= 0x80; value >>>= 7) out.write((value & 0x7f) | 0x80);
        out.write(value);
    }

    /** A literal-without-indexing field whose value is Huffman-coded by Jetty's encoder. */
    private static byte[] jettyHuffmanField(String value) {
        ByteBuffer huff = ByteBuffer.allocate(HuffmanEncoder.octetsNeeded(value) + 16);
        HuffmanEncoder.encode(huff, value);
        huff.flip();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x00);
        integer(b, 0x00, 7, 1);
        b.write('x');
        integer(b, 0x80, 7, huff.remaining());
        while (huff.hasRemaining()) b.write(huff.get());
        return b.toByteArray();
    }

    @Test
    void everyOctetHuffmanCodedByJettyDecodesWithOurTable() throws Exception {
        HpackDecoder ours = new HpackDecoder(4096);
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            String s = String.valueOf((char) c) + (char) c + "a" + (char) (255 - c);
            byte[] block = jettyHuffmanField(s);
            assertEquals(List.of(new HeaderField("x", s)), ours.decode(block, 0, block.length), "octet " + c);
            all.append((char) c);
        }
        byte[] block = jettyHuffmanField(all.toString());
        assertEquals(all.toString(), ours.decode(block, 0, block.length).get(0).value);
    }

    private static List<HeaderField> randomFields(Random rnd) {
        String[] names = {"content-type", "x-request-id", "cache-control", "x-trace", "date", "set-cookie", "x-a", "x-long-name-for-tests"};
        List<HeaderField> l = new ArrayList<>();
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            String name = rnd.nextInt(5) == 0 ? "x-r" + rnd.nextInt(40) : names[rnd.nextInt(names.length)];
            StringBuilder v = new StringBuilder();
            int len = rnd.nextInt(4) == 0 ? rnd.nextInt(400) : rnd.nextInt(20);
            for (int k = 0; k < len; k++) v.append((char) (0x21 + rnd.nextInt(0x7e - 0x21 + 1)));
            if (rnd.nextInt(3) == 0) v.setLength(Math.min(v.length(), 3)); // repeats make table hits likely
            l.add(new HeaderField(name, v.toString()));
        }
        return l;
    }

    @Test
    void blockSequencesEncodedByJettyDecodeWithOurs() throws Exception {
        Random rnd = new Random(7541);
        org.eclipse.jetty.http2.hpack.HpackEncoder jetty = new org.eclipse.jetty.http2.hpack.HpackEncoder();
        jetty.setMaxTableCapacity(4096);
        jetty.setTableCapacity(4096);
        HpackDecoder ours = new HpackDecoder(4096);
        int maxTable = 0;
        for (int round = 0; round < 500; round++) {
            List<HeaderField> fields = randomFields(rnd);
            HttpFields.Mutable hf = HttpFields.build();
            for (HeaderField f : fields) hf.add(f.name, f.value);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            jetty.encode(buf, new MetaData.Response(200, null, HttpVersion.HTTP_2, hf));
            buf.flip();
            byte[] block = new byte[buf.remaining()];
            buf.get(block);
            List<HeaderField> got = ours.decode(block, 0, block.length);
            assertEquals(new HeaderField(":status", "200"), got.get(0), "round " + round);
            assertEquals(fields, got.subList(1, got.size()), "round " + round);
            maxTable = Math.max(maxTable, ours.dynamicTableSize());
        }
        assertTrue(maxTable > 3000, "Jetty's encoder filled the dynamic table: " + maxTable);
    }

    @Test
    void blockSequencesEncodedByUsDecodeWithJetty() throws Exception {
        Random rnd = new Random(9113);
        HpackEncoder ours = new HpackEncoder(4096, true);
        org.eclipse.jetty.http2.hpack.HpackDecoder jetty = new org.eclipse.jetty.http2.hpack.HpackDecoder(1 << 20, System::nanoTime);
        jetty.setMaxTableCapacity(4096);
        for (int round = 0; round < 500; round++) {
            List<HeaderField> fields = new ArrayList<>();
            fields.add(new HeaderField(":status", round % 2 == 0 ? "200" : "404"));
            fields.addAll(randomFields(rnd));
            byte[] block = ours.encode(fields);
            MetaData md = jetty.decode(ByteBuffer.wrap(block));
            assertEquals(round % 2 == 0 ? 200 : 404, ((MetaData.Response) md).getStatus());
            List<HeaderField> got = new ArrayList<>();
            for (HttpField f : md.getHttpFields()) got.add(new HeaderField(f.getName(), f.getValue()));
            assertEquals(fields.subList(1, fields.size()), got, "round " + round);
        }
        assertTrue(ours.dynamicTableSize() > 3000, "our table was in use: " + ours.dynamicTableSize());
    }
}
