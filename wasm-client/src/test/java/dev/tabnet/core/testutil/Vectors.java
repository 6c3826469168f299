package dev.tabnet.core.testutil;

import dev.tabnet.core.util.Hex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads "name = hex" vector files from test resources (lines starting with # are comments). */
public final class Vectors {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Vectors() {}

    public static Vectors load(String resource) {
        Vectors v = new Vectors();
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                v.values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return v;
    }

    public byte[] hex(String name) {
        String s = values.get(name);
        if (s == null) throw new IllegalArgumentException("no vector named " + name);
        return Hex.decode(s);
    }

    public String text(String name) {
        String s = values.get(name);
        if (s == null) throw new IllegalArgumentException("no vector named " + name);
        return s;
    }
}
