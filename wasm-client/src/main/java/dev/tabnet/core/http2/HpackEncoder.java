package dev.tabnet.core.http2;

import java.util.List;

/**
 * HPACK header block encoder (RFC 7541 §6). Strategy: full match (static, then dynamic) → indexed;
 * otherwise a literal with incremental indexing, naming the static entry if there is one; sensitive
 * fields are "never indexed". Literals are Huffman-coded when that is not longer.
 */
public final class HpackEncoder {
    private final HpackDynamicTable table;
    private final boolean huffman;
    private int pendingMinSize = -1; // smallest size set since the last block (§4.2), -1: no update due
    private int pendingFinalSize;

    public HpackEncoder(int maxTableSize, boolean huffman) {
        this.table = new HpackDynamicTable(maxTableSize);
        this.huffman = huffman;
    }

    /** Uses a new maximum table size; the change is signalled at the start of the next block. */
    public void setMaxTableSize(int size) {
        if (pendingMinSize < 0 || size < pendingMinSize) pendingMinSize = size;
        pendingFinalSize = size;
        table.setMaxSize(size);
    }

    public int dynamicTableSize() {
        return table.size();
    }

    public byte[] encode(List<HeaderField> fields) {
        ByteSink out = new ByteSink(64);
        encode(fields, out);
        return out.toByteArray();
    }

    void encode(List<HeaderField> fields, ByteSink out) {
        if (pendingMinSize >= 0) {
            if (pendingMinSize < pendingFinalSize) integer(out, 0x20, 5, pendingMinSize);
            integer(out, 0x20, 5, pendingFinalSize);
            pendingMinSize = -1;
        }
        for (HeaderField f : fields) encodeField(f, out);
    }

    private void encodeField(HeaderField f, ByteSink out) {
        if (!f.sensitive) {
            int index = HpackStaticTable.indexOf(f);
            if (index == 0) {
                int dyn = table.indexOf(f);
                if (dyn != 0) index = HpackStaticTable.LENGTH + dyn;
            }
            if (index != 0) {
                integer(out, 0x80, 7, index);
                return;
            }
        }
        int nameIndex = HpackStaticTable.indexOfName(f.name);
        if (nameIndex == 0) {
            int dyn = table.indexOfName(f.name);
            if (dyn != 0) nameIndex = HpackStaticTable.LENGTH + dyn;
        }
        if (f.sensitive) {
            integer(out, 0x10, 4, nameIndex);
        } else if (f.hpackSize() <= table.maxSize()) {
            integer(out, 0x40, 6, nameIndex);
        } else { // would only flush the table
            integer(out, 0x00, 4, nameIndex);
        }
        if (nameIndex == 0) string(out, f.name);
        string(out, f.value);
        if (!f.sensitive && f.hpackSize() <= table.maxSize()) table.add(f);
    }

    private void string(ByteSink out, String s) {
        if (huffman) {
            int hlen = HpackHuffman.encodedLength(s);
            if (hlen <= s.length()) {
                integer(out, 0x80, 7, hlen);
                HpackHuffman.encode(s, out);
                return;
            }
        }
        integer(out, 0x00, 7, s.length());
        out.writeLatin1(s);
    }

    /** §5.1 prefixed integer; flags are the bits above the prefix. */
    static void integer(ByteSink out, int flags, int prefixBits, int value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.write(flags | value);
            return;
        }
        out.write(flags | mask);
        value -= mask;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
