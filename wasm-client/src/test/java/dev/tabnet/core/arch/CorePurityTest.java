package dev.tabnet.core.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core sans-I/O and TeaVM-friendly: no sockets, threads, locks, wall clocks, reflection or
 * regex in dev.tabnet.core, BouncyCastle only in dev.tabnet.core.crypto, and no JSO. (The TeaVM
 * compile in module web is the other half of this check.)
 */
class CorePurityTest {
    private static final Path CORE = Path.of("src/main/java/dev/tabnet/core");

    private static final String[][] FORBIDDEN = {
        {"import java.net.", "sockets belong in an adapter"},
        {"java.util.concurrent", "the core is single-threaded"},
        {"new Thread", "the core is single-threaded"},
        {"synchronized", "the core is single-threaded"},
        {"System.currentTimeMillis", "time comes in as an argument"},
        {"System.nanoTime", "time comes in as an argument"},
        {"java.lang.reflect", "TeaVM cannot run reflection"},
        {"java.util.regex", "regex bloats the Wasm binary"},
        {".matches(", "regex bloats the Wasm binary"},
        {"String.format", "keep formatting explicit (TeaVM support is partial)"},
        {"org.teavm", "JSO belongs in dev.tabnet.browser"},
        {"new SecureRandom", "randomness comes from the injected Entropy"},
        {"new Random(", "randomness comes from the injected Entropy"},
        {"Math.random", "randomness comes from the injected Entropy"},
        // TeaVM 0.15 copies (to - from) elements without padding, so a range past the end traps in Wasm.
        {"copyOfRange", "TeaVM's Arrays.copyOfRange does not pad past the end; use Bytes.slice"},
    };

    @Test
    void coreHasNoForbiddenDependencies() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORE)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String rel = CORE.relativize(f).toString();
                boolean inCrypto = rel.startsWith("crypto");
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = stripComment(lines.get(i));
                    for (String[] rule : FORBIDDEN) {
                        if (line.contains(rule[0]) && !(inCrypto && rule[0].equals("new SecureRandom"))) {
                            violations.add(rel + ":" + (i + 1) + " uses " + rule[0] + " (" + rule[1] + ")");
                        }
                    }
                    if (!inCrypto && line.contains("org.bouncycastle")) {
                        violations.add(rel + ":" + (i + 1) + " imports BouncyCastle outside dev.tabnet.core.crypto");
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void checkSeesTheCoreSources() throws IOException {
        try (Stream<Path> files = Files.walk(CORE)) {
            assertTrue(files.filter(p -> p.toString().endsWith(".java")).count() > 5, "core sources not found from " + Path.of("").toAbsolutePath());
        }
    }

    private static String stripComment(String line) {
        String t = line.trim();
        if (t.startsWith("//") || t.startsWith("*") || t.startsWith("/*")) return "";
        int c = line.indexOf("//");
        return c >= 0 ? line.substring(0, c) : line;
    }
}
