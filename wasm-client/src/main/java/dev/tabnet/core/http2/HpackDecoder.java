package dev.tabnet.core.http2;

import java.util.ArrayList;
import java.util.List;

/**
 * HPACK header block decoder (RFC 7541 §6). One per connection: the dynamic table carries state from
 * block to block, so every block must be decoded, in order, even for streams nobody reads any more.
 */
public final class HpackDecoder {
    private final HpackDynamicTable table;
    private int maxTableSizeLimit; // our SETTINGS_HEADER_TABLE_SIZE: the peer may not exceed it

    public HpackDecoder(int maxTableSize) {
        table = new HpackDynamicTable(maxTableSize);
        maxTableSizeLimit = maxTableSize;
    }

    /** Changes the limit we allow (after our SETTINGS_HEADER_TABLE_SIZE is acknowledged). */
    public void setMaxTableSizeLimit(int limit) {
        maxTableSizeLimit = limit;
        if (table.maxSize() > limit) table.setMaxSize(limit);
    }

    public int dynamicTableSize() {
        return table.size();
    }

    public int dynamicTableCount() {
        return table.count();
    }

    /** Dynamic table entry i (1 = newest), for tests and diagnostics. */
    public HeaderField dynamicEntry(int i) {
        return table.get(i);
    }

    public List<HeaderField> decode(byte[] b, int off, int len) throws HpackException {
        List<HeaderField> out = new ArrayList<>();
        Cursor c = new Cursor(b, off, off + len);
        boolean fieldSeen = false;
        while (c.pos < c.end) {
            int first = b[c.pos] & 0xff;
            if ((first & 0x80) != 0) { // §6.1 indexed header field
                int index = c.integer(7);
                if (index == 0) throw new HpackException("indexed header field with index 0");
                out.add(lookup(index));
                fieldSeen = true;
            } else if ((first & 0x40) != 0) { // §6.2.1 literal with incremental indexing
                HeaderField f = literal(c, 6, false);
                table.add(f);
                out.add(f);
                fieldSeen = true;
            } else if ((first & 0x20) != 0) { // §6.3 dynamic table size update
                if (fieldSeen) throw new HpackException("dynamic table size update after a header field");
                int size = c.integer(5);
                if (size > maxTableSizeLimit) {
                    throw new HpackException("dynamic table size update " + size + " exceeds limit " + maxTableSizeLimit);
                }
                table.setMaxSize(size);
            } else { // §6.2.2 without indexing (0000), §6.2.3 never indexed (0001)
                out.add(literal(c, 4, (first & 0x10) != 0));
                fieldSeen = true;
            }
        }
        return out;
    }

    private HeaderField literal(Cursor c, int prefixBits, boolean neverIndexed) throws HpackException {
        int nameIndex = c.integer(prefixBits);
        String name = nameIndex == 0 ? c.string() : lookup(nameIndex).name;
        String value = c.string();
        return new HeaderField(name, value, neverIndexed);
    }

    private HeaderField lookup(int index) throws HpackException {
        if (index <= HpackStaticTable.LENGTH) return HpackStaticTable.ENTRIES[index];
        int dyn = index - HpackStaticTable.LENGTH;
        if (dyn > table.count()) throw new HpackException("header index " + index + " beyond the dynamic table (" + table.count() + " entries)");
        return table.get(dyn);
    }

    private static final class Cursor {
        final byte[] b;
        int pos;
        final int end;

        Cursor(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        /** §5.1 prefixed integer; values above 2^31-1 are rejected. */
        int integer(int prefixBits) throws HpackException {
            int mask = (1 << prefixBits) - 1;
            int value = b[pos++] & mask;
            if (value < mask) return value;
            long v = value;
            int shift = 0;
            while (true) {
                if (pos >= end) throw new HpackException("truncated integer");
                int octet = b[pos++] & 0xff;
                v += (long) (octet & 0x7f) << shift;
                if (v > Integer.MAX_VALUE) throw new HpackException("integer overflow");
                if ((octet & 0x80) == 0) return (int) v;
                shift += 7;
                if (shift > 28) throw new HpackException("integer too long");
            }
        }

        /** §5.2 string literal, raw or Huffman-coded. */
        String string() throws HpackException {
            if (pos >= end) throw new HpackException("truncated string literal");
            boolean huffman = (b[pos] & 0x80) != 0;
            int len = integer(7);
            if (len > end - pos) throw new HpackException("string literal of " + len + " octets overruns the block");
            int start = pos;
            pos += len;
            if (huffman) return HpackHuffman.decode(b, start, len);
            char[] chars = new char[len];
            for (int i = 0; i < len; i++) chars[i] = (char) (b[start + i] & 0xff);
            return new String(chars);
        }
    }
}
