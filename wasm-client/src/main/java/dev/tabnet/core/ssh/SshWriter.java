package dev.tabnet.core.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds SSH wire data (RFC 4251 §5): byte, boolean, uint32, uint64, string, mpint, name-list. */
public final class SshWriter {
    private byte[] buf;
    private int len;

    public SshWriter() {
        this(64);
    }

    public SshWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public static SshWriter message(int type) {
        return new SshWriter().u8(type);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    public SshWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public SshWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public SshWriter u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public SshWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xffffffffL);
    }

    public SshWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public SshWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    public SshWriter string(byte[] b) {
        return string(b, 0, b.length);
    }

    public SshWriter string(byte[] b, int off, int n) {
        u32(n);
        return raw(b, off, n);
    }

    public SshWriter string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public SshWriter nameList(String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(names[i]);
        }
        return string(sb.toString());
    }

    /** Two's-complement, minimal length, as RFC 4251 §5 defines mpint. */
    public SshWriter mpint(BigInteger v) {
        return v.signum() == 0 ? u32(0) : string(v.toByteArray());
    }

    /** An unsigned big-endian number as mpint (curve25519-sha256 encodes K this way, RFC 8731 §3.1). */
    public SshWriter mpintUnsigned(byte[] magnitude) {
        int i = 0;
        while (i < magnitude.length && magnitude[i] == 0) i++;
        int n = magnitude.length - i;
        if (n == 0) return u32(0);
        boolean pad = (magnitude[i] & 0x80) != 0;
        u32(n + (pad ? 1 : 0));
        if (pad) u8(0);
        return raw(magnitude, i, n);
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
