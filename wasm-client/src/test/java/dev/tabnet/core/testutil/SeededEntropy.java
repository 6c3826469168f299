package dev.tabnet.core.testutil;

import dev.tabnet.core.Entropy;
import java.util.SplittableRandom;

/** Deterministic entropy for reproducible tests. Never use outside tests. */
public final class SeededEntropy implements Entropy {
    private final SplittableRandom random;

    public SeededEntropy(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        for (int i = 0; i < len; i++) out[off + i] = (byte) random.nextInt(256);
    }
}
