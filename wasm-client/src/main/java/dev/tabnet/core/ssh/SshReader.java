package dev.tabnet.core.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses SSH wire data; every read checks the bounds and fails with a protocol error, never an index exception. */
public final class SshReader {
    /** No single field we accept is longer than this (a 16 kbit RSA key is ~2 KiB, packets are ≤ 256 KiB). */
    static final int MAX_FIELD = 256 * 1024;

    private final byte[] buf;
    private int pos;
    private final int end;

    public SshReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public SshReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    private void need(int n, String what) throws SshException {
        if (n < 0 || end - pos < n) throw SshException.protocol("truncated " + what + " (need " + n + " bytes, " + (end - pos) + " left)");
    }

    public int remaining() {
        return end - pos;
    }

    public int u8() throws SshException {
        need(1, "byte");
        return buf[pos++] & 0xff;
    }

    public boolean bool() throws SshException {
        return u8() != 0;
    }

    public long u32() throws SshException {
        need(4, "uint32");
        long v = (buf[pos] & 0xffL) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A uint32 that must fit an int (lengths, counts, channel numbers). */
    public int u32AsInt(String what) throws SshException {
        long v = u32();
        if (v > Integer.MAX_VALUE) throw SshException.protocol(what + " too large: " + v);
        return (int) v;
    }

    public byte[] string() throws SshException {
        long n = u32();
        if (n > MAX_FIELD) throw SshException.protocol("string length " + n + " exceeds the limit");
        need((int) n, "string");
        byte[] out = new byte[(int) n];
        System.arraycopy(buf, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    public String utf8() throws SshException {
        return new String(string(), StandardCharsets.UTF_8);
    }

    public String[] nameList() throws SshException {
        String s = new String(string(), StandardCharsets.US_ASCII);
        List<String> out = new ArrayList<>();
        int start = 0;
        if (s.isEmpty()) return new String[0];
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ',') {
                if (i == start) throw SshException.protocol("empty name in name-list \"" + s + "\"");
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    public BigInteger mpint() throws SshException {
        byte[] b = string();
        return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
    }

    public byte[] raw(int n) throws SshException {
        need(n, "field");
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }
}
