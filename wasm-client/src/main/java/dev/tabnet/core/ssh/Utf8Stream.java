package dev.tabnet.core.ssh;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream that arrives in arbitrary chunks: a character split across two
 * channel packets is held back until its last byte arrives. Invalid bytes become U+FFFD.
 */
final class Utf8Stream {
    private final byte[] carry = new byte[3];
    private int carried;

    String decode(byte[] b, int off, int len) {
        byte[] all;
        int n;
        if (carried == 0) {
            all = b;
            n = len;
        } else {
            all = new byte[carried + len];
            System.arraycopy(carry, 0, all, 0, carried);
            System.arraycopy(b, off, all, carried, len);
            off = 0;
            n = all.length;
        }
        int complete = completePrefix(all, off, n);
        carried = n - complete;
        System.arraycopy(all, off + complete, carry, 0, carried);
        return new String(all, off, complete, StandardCharsets.UTF_8);
    }

    /** Length of the prefix that does not end inside a multi-byte sequence. */
    private static int completePrefix(byte[] b, int off, int n) {
        for (int back = 1; back <= 3 && back <= n; back++) {
            int c = b[off + n - back] & 0xff;
            if ((c & 0xc0) == 0x80) continue; // continuation byte: look further back
            int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
