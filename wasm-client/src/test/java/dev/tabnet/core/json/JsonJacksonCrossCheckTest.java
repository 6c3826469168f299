package dev.tabnet.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our reader/writer against jackson-jr (a parser we did not write) on a MapResponse-shaped document:
 * both must see the same tree, whichever side wrote the text. Numbers are compared by value
 * (integers as BigInteger, others as double), since the two libraries pick different Java types.
 */
class JsonJacksonCrossCheckTest {
    private static byte[] resource() throws Exception {
        try (InputStream in = JsonJacksonCrossCheckTest.class.getResourceAsStream("map-response.json")) {
            return in.readAllBytes();
        }
    }

    /** Our tree as plain Java values, numbers normalized. */
    static Object toJava(JsonValue v) {
        switch (v.type()) {
            case OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, JsonValue> e : v.asObject().entries()) m.put(e.getKey(), toJava(e.getValue()));
                return m;
            }
            case ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonValue item : v.asArray()) l.add(toJava(item));
                return l;
            }
            case STRING: return v.asString();
            case NUMBER: return v.asNumber().isIntegral() ? (Object) v.asNumber().bigIntegerValue() : (Object) v.asDouble();
            case BOOLEAN: return v.asBoolean();
            default: return null;
        }
    }

    /** jackson-jr's tree, numbers normalized the same way. */
    @SuppressWarnings("unchecked")
    static Object normalize(Object o) {
        if (o instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) m.put(e.getKey(), normalize(e.getValue()));
            return m;
        }
        if (o instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object item : (List<Object>) o) l.add(normalize(item));
            return l;
        }
        if (o instanceof Integer || o instanceof Long || o instanceof Short) return BigInteger.valueOf(((Number) o).longValue());
        if (o instanceof BigInteger) return o;
        if (o instanceof BigDecimal || o instanceof Double || o instanceof Float) return ((Number) o).doubleValue();
        return o;
    }

    private static Object jackson(byte[] doc) throws Exception {
        return normalize(JSON.std.anyFrom(new String(doc, StandardCharsets.UTF_8)));
    }

    /** The resource with its Peers repeated (IDs and names varied) up to about targetBytes. */
    static JsonObject bigMapResponse(int targetBytes) throws Exception {
        JsonObject doc = JsonReader.parse(resource()).asObject();
        JsonArray peers = doc.getArray("Peers");
        List<JsonValue> template = new ArrayList<>(peers.values());
        for (int i = 0; doc.toUtf8().length < targetBytes; i++) {
            for (JsonValue t : template) {
                JsonObject copy = JsonReader.parse(t.toUtf8()).asObject();
                copy.put("ID", copy.getLong("ID", 0) + 1000 + i);
                copy.put("Name", "peer-" + i + "-" + copy.getString("Name"));
                peers.add(copy);
            }
        }
        return doc;
    }

    @Test
    void sameTreeAsJacksonOnTheHandWrittenDocument() throws Exception {
        byte[] doc = resource();
        JsonValue ours = JsonReader.parse(doc);
        assertEquals(jackson(doc), toJava(ours), "both parsers read the same document the same way");
        assertEquals(jackson(doc), jackson(ours.toUtf8()), "jackson-jr reads our output as the original");
        JSON withNulls = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES); // jackson-jr drops null members by default
        byte[] jacksonText = withNulls.asString(JSON.std.anyFrom(new String(doc, StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        assertEquals(jackson(doc), toJava(JsonReader.parse(jacksonText)), "we read jackson-jr's output as the original");

        JsonObject m = ours.asObject();
        assertEquals(18446744073709551615.0, m.getDouble("Seq", 0));
        assertEquals(new BigInteger("18446744073709551615"), m.get("Seq").asNumber().bigIntegerValue());
        assertEquals("Zoë’s phone 📱", m.getArray("Peers").get(1).asObject().getObject("Hostinfo").getString("Hostname"));
        assertEquals("0001-01-01T00:00:00Z", m.getObject("Node").getString("KeyExpiry"));
        assertEquals(1, m.getObject("DERPMap").getObject("Regions").getObject("1").getLong("RegionID", 0));
        assertEquals("127.3.3.40:1", m.getArray("Peers").get(0).asObject().getString("derp"), "Go-style lookup");
    }

    @Test
    void mapResponseOfAHundredKilobytes() throws Exception {
        JsonObject big = bigMapResponse(100 * 1024);
        byte[] text = big.toUtf8();
        assertTrue(text.length >= 100 * 1024 && text.length < 110 * 1024, "size " + text.length);
        assertEquals(jackson(text), toJava(JsonReader.parse(text)));

        // Throughput of parse (to a tree) and write; warm up first.
        for (int i = 0; i < 30; i++) JsonReader.parse(text).toUtf8();
        int rounds = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) JsonReader.parse(text);
        long parseNs = (System.nanoTime() - t0) / rounds;
        JsonValue tree = JsonReader.parse(text);
        t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) tree.toUtf8();
        long writeNs = (System.nanoTime() - t0) / rounds;
        System.out.printf("MapResponse %d bytes: parse %.2f ms (%.0f MB/s), write %.2f ms (JVM, warmed up)%n",
            text.length, parseNs / 1e6, text.length * 1e3 / parseNs, writeNs / 1e6);
        assertTrue(parseNs < 50_000_000L, "parsing 100 KB took " + parseNs / 1e6 + " ms");
    }
}
