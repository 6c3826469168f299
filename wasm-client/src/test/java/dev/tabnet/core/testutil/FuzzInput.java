package dev.tabnet.core.testutil;

/**
 * Reads a fuzzer's byte[] front to back as small decisions. Unlike Jazzer's FuzzedDataProvider
 * (which takes numbers from the end) the layout is simple enough to hand-write seed inputs, and an
 * exhausted input yields zeros so every prefix is a valid program.
 */
public final class FuzzInput {
    private final byte[] data;
    private int pos;

    public FuzzInput(byte[] data) {
        this.data = data;
    }

    public boolean more() {
        return pos < data.length;
    }

    public int remaining() {
        return data.length - pos;
    }

    public int u8() {
        return pos < data.length ? data[pos++] & 0xff : 0;
    }

    public int u16() {
        return u8() << 8 | u8();
    }

    public int i32() {
        return u16() << 16 | u16();
    }

    public boolean bool() {
        return (u8() & 1) != 0;
    }

    /** A value in [0, bound) from one or two bytes. */
    public int below(int bound) {
        return bound <= 256 ? u8() % bound : u16() % bound;
    }

    /** Up to n bytes (fewer when the input runs out). */
    public byte[] bytes(int n) {
        int k = Math.max(0, Math.min(n, remaining()));
        byte[] b = new byte[k];
        System.arraycopy(data, pos, b, 0, k);
        pos += k;
        return b;
    }

    public byte[] rest() {
        return bytes(remaining());
    }
}
