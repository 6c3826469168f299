package dev.tabnet.server.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The secret that approves logins and revokes nodes. It is configured at start (a file or an
 * environment variable); there is no built-in default. Without configuration the server makes a
 * random one for this run only and prints it once, so a fresh start is usable but never guessable.
 */
public final class OperatorCredential {
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no look-alikes
    private final byte[] digest;
    public final boolean generated;

    private OperatorCredential(String secret, boolean generated) {
        if (secret.length() < 8) throw new IllegalArgumentException("the operator password must have at least 8 characters");
        this.digest = sha256(secret);
        this.generated = generated;
    }

    public static OperatorCredential of(String secret) {
        return new OperatorCredential(secret, false);
    }

    public static OperatorCredential fromFile(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return new OperatorCredential(s, false);
    }

    /** A random password for this run: 4 groups of 4 (about 79 bits). */
    public static String randomPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) sb.append('-');
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public static OperatorCredential generated(String password) {
        return new OperatorCredential(password, true);
    }

    /** Constant-time: compares digests, so neither content nor length leaks through timing. */
    public boolean matches(String attempt) {
        return attempt != null && MessageDigest.isEqual(digest, sha256(attempt));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
