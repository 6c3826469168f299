package dev.tabnet.server.tailnet;

import java.util.Set;

/** Registrations with recognisable keys for tests. */
public final class TestNodes {
    private TestNodes() {}

    public static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) k[i] = (byte) (seed * 31 + i);
        return k;
    }

    public static TailnetNode.Registration registration(int seed, String hostname, boolean ephemeral, String... tags) {
        return new TailnetNode.Registration(key(seed), key(seed + 1000), hostname, ephemeral, Set.of(tags), "test", "127.0.0.1", "JUnit");
    }
}
