package dev.tabnet.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Values, error positions, limits and the Go-style lookups of dev.tabnet.core.json. */
class JsonReaderTest {
    @Test
    void escapesAndSurrogatePairs() {
        JsonArray a = JsonReader.parse("[\"\\ud83d\\ude00\", \"😀\", \"\\u00e9\\n\\\"\\\\\\/\", \"\\ud800x\"]").asArray();
        assertEquals("😀", a.get(0).asString());
        assertEquals(0x1F600, a.get(0).asString().codePointAt(0));
        assertEquals(a.get(0), a.get(1));
        assertEquals("é\n\"\\/", a.get(2).asString());
        assertEquals('\ud800', a.get(3).asString().charAt(0));
        // The writer escapes only what it must; the lone surrogate comes back as an escape.
        assertEquals("[\"😀\",\"😀\",\"é\\n\\\"\\\\/\",\"\\ud800x\"]", a.toJson());
    }

    @Test
    void numbersKeepTheirText() {
        JsonArray a = JsonReader.parse("[9223372036854775807, -9223372036854775808, 123456789012345678901234567890, 1.5e3, -0, 0.1]").asArray();
        assertEquals(Long.MAX_VALUE, a.get(0).asLong());
        assertEquals(Long.MIN_VALUE, a.get(1).asLong());
        JsonNumber big = a.get(2).asNumber();
        assertTrue(big.isIntegral());
        assertThrows(JsonException.class, big::longValue);
        assertEquals(new BigInteger("123456789012345678901234567890"), big.bigIntegerValue());
        assertEquals(1500.0, a.get(3).asDouble());
        assertFalse(a.get(3).asNumber().isIntegral());
        assertThrows(JsonException.class, () -> a.get(3).asLong());
        assertEquals("[9223372036854775807,-9223372036854775808,123456789012345678901234567890,1.5e3,-0,0.1]", a.toJson());
        assertThrows(JsonException.class, () -> JsonReader.parse("9223372036854775808").asLong());
        assertEquals("1.5", JsonNumber.of(1.5).text());
        assertEquals("3", JsonNumber.of(3.0).text());
        assertThrows(IllegalArgumentException.class, () -> JsonNumber.of(Double.NaN));
    }

    @Test
    void errorsSayWhereAndWhat() {
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\": 1,\n  \"b\": [1, 2,]}"));
        assertEquals(22, e.offset);
        assertTrue(e.getMessage().startsWith("unexpected ']', expected a value at offset 22 (line 2, column 14)"), e.getMessage());
        e = assertThrows(JsonException.class, () -> JsonReader.parse("[\"é\u0001\"]"));
        assertTrue(e.getMessage().contains("unescaped control character 0x1") && e.getMessage().contains("column 4"), e.getMessage());
        e = assertThrows(JsonException.class, () -> JsonReader.parse("[1] [2]"));
        assertTrue(e.getMessage().contains("after the JSON value"), e.getMessage());
        e = assertThrows(JsonException.class, () -> JsonReader.parse("{\"a\":tru}"));
        assertTrue(e.getMessage().contains("expected 'true'"), e.getMessage());
        e = assertThrows(JsonException.class, () -> JsonReader.parse("\"abc"));
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertEquals(1, JsonReader.parse(ok).asArray().size());
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper than"), e.getMessage());
    }

    @Test
    void typeMismatchesAreJsonExceptions() {
        JsonObject o = JsonReader.parse("{\"n\":\"x\",\"s\":1,\"z\":null}").asObject();
        JsonException e = assertThrows(JsonException.class, () -> o.getLong("n", 0));
        assertEquals("expected a number but found string", e.getMessage());
        assertThrows(JsonException.class, () -> o.getString("s"));
        assertNull(o.getString("z"), "null reads as absent");
        assertEquals(7, o.getLong("z", 7));
        assertEquals(7, o.getLong("missing", 7));
    }

    @Test
    void goStyleCaseInsensitiveLookup() {
        JsonObject o = JsonReader.parse("{\"nodekey\":\"a\",\"NodeKey\":\"b\",\"homederp\":3,\"HOMEDERP\":4,\"Online\":true}").asObject();
        assertEquals("b", o.getString("NodeKey"), "exact match wins");
        assertEquals("a", o.getString("nodekey"));
        assertEquals(4, o.getLong("HomeDERP", 0), "no exact match: the last case-insensitive match, as Go's decoder");
        assertTrue(o.getBoolean("online", false));
        assertNull(o.get("online"), "get() is exact");
        assertNull(o.getIgnoreCase("onlin"));
    }

    @Test
    void writerBuildsDocuments() {
        String s = new JsonWriter().beginObject()
            .name("Version").value(68)
            .name("NodeKey").value("nodekey:00")
            .name("Hostinfo").beginObject().name("OS").value("js").name("Services").beginArray().endArray().endObject()
            .name("Endpoints").beginArray().value("1.2.3.4:5").value("[::1]:6").endArray()
            .name("Stream").value(true)
            .name("OmitPeers").value(false)
            .name("DebugFlags").nullValue()
            .name("Ratio").value(0.25)
            .name("Ctl").value("\u0001\u001f\t\u2028")
            .endObject().toString();
        assertEquals("{\"Version\":68,\"NodeKey\":\"nodekey:00\",\"Hostinfo\":{\"OS\":\"js\",\"Services\":[]},"
            + "\"Endpoints\":[\"1.2.3.4:5\",\"[::1]:6\"],\"Stream\":true,\"OmitPeers\":false,\"DebugFlags\":null,"
            + "\"Ratio\":0.25,\"Ctl\":\"\\u0001\\u001f\\t\u2028\"}", s);
        assertEquals(68, JsonReader.parse(s).asObject().getLong("version", 0));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
    }
}
