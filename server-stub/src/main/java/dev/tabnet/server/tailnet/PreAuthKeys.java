package dev.tabnet.server.tailnet;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Pre-authorized registration keys, for tests and unattended nodes (the built-in server node). A
 * key is random, optionally reusable, carries the tags and ephemerality of the nodes it admits,
 * and expires. Lookups compare in constant time so a key cannot be guessed byte by byte.
 */
public final class PreAuthKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongSupplier clockMillis;
    private final List<PreAuthKey> keys = new ArrayList<>();
    private int nextId = 1;

    public PreAuthKeys(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public synchronized PreAuthKey create(boolean reusable, boolean ephemeral, Set<String> tags, long ttlMillis) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String text = "tskey-auth-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        PreAuthKey k = new PreAuthKey(nextId++, text, reusable, ephemeral, tags, clockMillis.getAsLong() + ttlMillis);
        keys.add(k);
        return k;
    }

    /** Consumes a use of the key; null if unknown, expired or already used. */
    public synchronized PreAuthKey redeem(String text) {
        if (text == null) return null;
        byte[] given = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PreAuthKey found = null;
        for (PreAuthKey k : keys) {
            if (MessageDigest.isEqual(given, k.text.getBytes(java.nio.charset.StandardCharsets.UTF_8))) found = k;
        }
        if (found == null || found.used || clockMillis.getAsLong() >= found.expiresMillis) return null;
        if (!found.reusable) found.used = true;
        return found;
    }

    public static final class PreAuthKey {
        public final int id;
        public final String text;
        public final boolean reusable;
        public final boolean ephemeral;
        public final Set<String> tags;
        public final long expiresMillis;
        boolean used;

        PreAuthKey(int id, String text, boolean reusable, boolean ephemeral, Set<String> tags, long expiresMillis) {
            this.id = id;
            this.text = text;
            this.reusable = reusable;
            this.ephemeral = ephemeral;
            this.tags = Set.copyOf(tags);
            this.expiresMillis = expiresMillis;
        }
    }
}
