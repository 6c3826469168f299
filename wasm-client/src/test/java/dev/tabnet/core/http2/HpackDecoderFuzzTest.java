package dev.tabnet.core.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.testutil.FuzzInput;
import java.util.List;

/**
 * The HPACK decoder fed a sequence of arbitrary header blocks sharing one dynamic table. Contract:
 * each block decodes or throws {@link HpackException} (after which a connection is dead, so the run
 * stops), never another exception; the dynamic table never exceeds the limit we advertised and its
 * size is the RFC 7541 §4.1 sum of its entries; and whatever decodes re-encodes faithfully: our
 * encoder's blocks, decoded by a second decoder, give the same fields with the same never-indexed flags.
 *
 * <p>Input layout: byte 0 = options (bit 0: Huffman in the re-encoder, bits 1-3: our table size
 * limit), then blocks, each a 16-bit big-endian length and that many octets.
 */
class HpackDecoderFuzzTest {
    private static final int[] LIMITS = {0, 32, 64, 256, 4096, 4096, 16384, 65536};

    @FuzzTest
    void decode(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        int limit = LIMITS[(options >>> 1) & 7];
        HpackDecoder decoder = new HpackDecoder(4096);
        decoder.setMaxTableSizeLimit(limit);
        HpackEncoder encoder = new HpackEncoder(4096, (options & 1) != 0);
        HpackDecoder mirror = new HpackDecoder(4096);
        while (in.more()) {
            byte[] block = in.bytes(in.u16());
            List<HeaderField> fields;
            try {
                fields = decoder.decode(block, 0, block.length);
            } catch (HpackException e) {
                return;
            }
            assertTrue(decoder.dynamicTableSize() <= limit, "table " + decoder.dynamicTableSize() + " > limit " + limit);
            int sum = 0;
            for (int i = 1; i <= decoder.dynamicTableCount(); i++) sum += decoder.dynamicEntry(i).hpackSize();
            assertEquals(sum, decoder.dynamicTableSize(), "table size is not the sum of its entries");

            byte[] again = encoder.encode(fields);
            List<HeaderField> back;
            try {
                back = mirror.decode(again, 0, again.length);
            } catch (HpackException e) {
                throw new AssertionError("our encoder's block does not decode: " + e.getMessage(), e);
            }
            assertEquals(fields, back, "re-encoded header list differs");
            for (int i = 0; i < fields.size(); i++) assertEquals(fields.get(i).sensitive, back.get(i).sensitive, "never-indexed flag lost");
            assertEquals(encoder.dynamicTableSize(), mirror.dynamicTableSize(), "encoder and decoder tables diverged");
        }
    }
}
