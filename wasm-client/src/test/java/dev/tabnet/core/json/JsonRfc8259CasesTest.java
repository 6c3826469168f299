package dev.tabnet.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tabnet.core.util.Hex;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The accept/reject cases in rfc8259-cases.txt; every accepted document must also round-trip. */
class JsonRfc8259CasesTest {
    @Test
    void acceptsAndRejectsPerTheGrammar() throws Exception {
        int yes = 0, no = 0;
        StringBuilder failures = new StringBuilder();
        try (InputStream in = getClass().getResourceAsStream("rfc8259-cases.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isEmpty()) continue;
                int sp = line.indexOf(' ');
                String kind = sp < 0 ? line : line.substring(0, sp);
                String rest = sp < 0 ? "" : line.substring(sp + 1);
                byte[] doc = kind.endsWith("x") ? Hex.decode(rest.replace(" ", "")) : rest.getBytes(StandardCharsets.UTF_8);
                boolean accept = kind.startsWith("y");
                try {
                    JsonValue v = JsonReader.parse(doc);
                    if (!accept) {
                        failures.append("accepted ").append(line).append(" as ").append(v.toJson()).append('\n');
                        continue;
                    }
                    // Writing and re-reading gives the same tree.
                    assertEquals(v, JsonReader.parse(v.toUtf8()), line);
                    yes++;
                } catch (JsonException e) {
                    if (accept) {
                        failures.append("rejected ").append(line).append(": ").append(e.getMessage()).append('\n');
                        continue;
                    }
                    assertTrue(e.offset >= 0 && e.offset <= doc.length, line + ": offset " + e.offset);
                    assertTrue(e.getMessage().contains("line "), e.getMessage());
                    no++;
                }
            }
        }
        if (failures.length() > 0) fail(failures.toString());
        assertTrue(yes >= 45 && no >= 70, yes + " accepted, " + no + " rejected");
    }
}
