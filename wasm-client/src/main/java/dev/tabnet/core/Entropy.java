package dev.tabnet.core;

/**
 * The only source of randomness the core may use. Adapters inject a cryptographically secure
 * implementation (crypto.getRandomValues in the browser, SecureRandom on the JVM); tests inject a
 * seeded one so that runs are reproducible.
 */
public interface Entropy {
    void nextBytes(byte[] out, int off, int len);

    default void nextBytes(byte[] out) {
        nextBytes(out, 0, out.length);
    }

    default byte[] bytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b, 0, n);
        return b;
    }

    /** Uniform int in [0, bound). */
    default int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        byte[] b = new byte[4];
        int mask = Integer.highestOneBit(bound) * 2 - 1;
        while (true) {
            nextBytes(b, 0, 4);
            int v = ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff)) & mask;
            if (v < bound) return v;
        }
    }

    default int nextIntBits() {
        byte[] b = bytes(4);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    default long nextLong() {
        return ((long) nextIntBits() << 32) | (nextIntBits() & 0xffffffffL);
    }
}
