package dev.tabnet.core.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Streaming JSON writer (compact, no reflection): build request bodies directly, e.g.
 * {@code new JsonWriter().beginObject().name("Version").value(68).endObject().toUtf8()}, or write a
 * {@link JsonValue} tree. Strings escape quote, backslash, control characters and lone surrogates;
 * everything else is written as UTF-8. Misuse (a value where a name is due, unbalanced ends) throws
 * IllegalStateException.
 */
public final class JsonWriter {
    private final StringBuilder sb = new StringBuilder(256);
    // per nesting level: 0 = array, 1 = object expecting a name, 2 = object expecting a value
    private byte[] stack = new byte[16];
    private boolean[] hasItems = new boolean[16];
    private int depth;
    private boolean done;

    public JsonWriter beginObject() {
        beforeValue();
        sb.append('{');
        push((byte) 1);
        return this;
    }

    public JsonWriter endObject() {
        if (depth == 0 || stack[depth - 1] != 1) throw new IllegalStateException("endObject outside an object or after a name");
        sb.append('}');
        pop();
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        sb.append('[');
        push((byte) 0);
        return this;
    }

    public JsonWriter endArray() {
        if (depth == 0 || stack[depth - 1] != 0) throw new IllegalStateException("endArray outside an array");
        sb.append(']');
        pop();
        return this;
    }

    public JsonWriter name(String name) {
        if (depth == 0 || stack[depth - 1] != 1) throw new IllegalStateException("name outside an object, or two names in a row");
        if (hasItems[depth - 1]) sb.append(',');
        hasItems[depth - 1] = true;
        quote(name);
        sb.append(':');
        stack[depth - 1] = 2;
        return this;
    }

    public JsonWriter value(String s) {
        if (s == null) return nullValue();
        beforeValue();
        quote(s);
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue();
        sb.append(v);
        return this;
    }

    public JsonWriter value(double v) {
        beforeValue();
        sb.append(JsonNumber.of(v).text());
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue();
        sb.append(v ? "true" : "false");
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        sb.append("null");
        return this;
    }

    public JsonWriter value(JsonValue v) {
        if (v == null) return nullValue();
        switch (v.type()) {
            case OBJECT:
                beginObject();
                for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entries()) {
                    name(e.getKey());
                    value(e.getValue());
                }
                return endObject();
            case ARRAY:
                beginArray();
                for (JsonValue item : (JsonArray) v) value(item);
                return endArray();
            case STRING:
                return value(v.asString());
            case NUMBER:
                beforeValue();
                sb.append(((JsonNumber) v).text());
                return this;
            case BOOLEAN:
                return value(v.asBoolean());
            default:
                return nullValue();
        }
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    public byte[] toUtf8() {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void beforeValue() {
        if (depth == 0) {
            if (done) throw new IllegalStateException("a JSON text has one top-level value");
            done = true;
            return;
        }
        byte state = stack[depth - 1];
        if (state == 1) throw new IllegalStateException("value where an object member name is due");
        if (state == 2) {
            stack[depth - 1] = 1;
            return;
        }
        if (hasItems[depth - 1]) sb.append(',');
        hasItems[depth - 1] = true;
    }

    private void push(byte state) {
        if (depth == stack.length) {
            byte[] s = new byte[depth * 2];
            System.arraycopy(stack, 0, s, 0, depth);
            stack = s;
            boolean[] h = new boolean[depth * 2];
            System.arraycopy(hasItems, 0, h, 0, depth);
            hasItems = h;
        }
        stack[depth] = state;
        hasItems[depth] = false;
        depth++;
    }

    private void pop() {
        depth--;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        unicodeEscape(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c); // a lone surrogate has no UTF-8 form
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private void unicodeEscape(char c) {
        sb.append("\\u").append(HEX[c >>> 12 & 0xf]).append(HEX[c >>> 8 & 0xf]).append(HEX[c >>> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
