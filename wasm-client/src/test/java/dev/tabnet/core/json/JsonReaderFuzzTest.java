package dev.tabnet.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The JSON reader fed arbitrary bytes. Contract: it returns a value or throws {@link JsonException}
 * with an offset inside the input, never anything else; the same bytes parse the same way at any
 * buffer offset; and writing is a faithful inverse: parse(write(parse(x))) equals parse(x), and the
 * written text is a fixed point of write(parse(.)).
 */
class JsonReaderFuzzTest {

    @FuzzTest
    @DictionaryEntries({"true", "false", "null", "\\u", "\\ud83d\\ude00", "\\\"", "-0.0e+1", "1E-7", "\"\":", "[]", "{}",
            "\u00e9", "\ud83d\ude00", "\u2028"})
    void parse(byte[] input) {
        JsonValue v;
        try {
            v = JsonReader.parse(input);
        } catch (JsonException e) {
            assertTrue(e.offset >= 0 && e.offset <= input.length, "error offset " + e.offset + " outside the input");
            assertRejectedAtOffset(input);
            return;
        }
        assertNotNull(v);
        byte[] framed = frame(input);
        assertEquals(v, JsonReader.parse(framed, 5, input.length), "parse depends on the buffer offset");

        byte[] written = v.toUtf8();
        JsonValue again;
        try {
            again = JsonReader.parse(written);
        } catch (JsonException e) {
            throw new AssertionError("our writer produced JSON our reader rejects: " + new String(written, java.nio.charset.StandardCharsets.UTF_8), e);
        }
        assertEquals(v, again, "parse(write(v)) != v");
        assertTrue(Arrays.equals(written, again.toUtf8()), "write(parse(write(v))) != write(v)");
    }

    private static void assertRejectedAtOffset(byte[] input) {
        try {
            JsonReader.parse(frame(input), 5, input.length);
        } catch (JsonException expected) {
            return;
        }
        throw new AssertionError("rejected at offset 0 but accepted inside a larger buffer");
    }

    private static byte[] frame(byte[] input) {
        byte[] framed = new byte[input.length + 10];
        Arrays.fill(framed, (byte) '1'); // digits around the text must not extend a trailing number
        System.arraycopy(input, 0, framed, 5, input.length);
        return framed;
    }
}
