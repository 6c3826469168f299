package dev.tabnet.core.netstack;

/** A reproducible pseudo-random byte stream (xorshift), so sender and receiver agree without storing 20 MB. */
final class StreamPattern {
    private long state;

    StreamPattern(long seed) {
        state = seed == 0 ? 0x9e3779b97f4a7c15L : seed;
    }

    void fill(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) b[off + i] = next();
    }

    byte next() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return (byte) (state >>> 32);
    }
}
