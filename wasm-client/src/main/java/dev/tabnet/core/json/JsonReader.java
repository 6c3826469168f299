package dev.tabnet.core.json;

import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 8259 parser from UTF-8 bytes to a {@link JsonValue} tree, in one pass without
 * backtracking. Rejected with a {@link JsonException} naming the position: anything outside the
 * grammar (trailing commas, comments, single quotes, leading zeros, NaN, unescaped control
 * characters, bad escapes), invalid UTF-8 (overlong forms, encoded surrogates, truncation), trailing
 * text after the value, and nesting deeper than {@link #MAX_DEPTH}. Escaped surrogate pairs become one
 * code point; a lone escaped surrogate is kept as that UTF-16 unit (the grammar allows it).
 */
public final class JsonReader {
    public static final int MAX_DEPTH = 512;

    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;
    private int depth;
    private char[] chars = new char[64]; // string scratch

    private JsonReader(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
        this.start = off;
    }

    public static JsonValue parse(byte[] utf8, int off, int len) {
        JsonReader r = new JsonReader(utf8, off, len);
        r.skipWhitespace();
        JsonValue v = r.value();
        r.skipWhitespace();
        if (r.pos < r.end) throw r.error("unexpected " + r.describe() + " after the JSON value");
        return v;
    }

    public static JsonValue parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    public static JsonValue parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonValue value() {
        if (pos >= end) throw error("unexpected end of input, expected a value");
        int c = b[pos] & 0xff;
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return new JsonString(string());
            case 't': literal("true"); return JsonBoolean.TRUE;
            case 'f': literal("false"); return JsonBoolean.FALSE;
            case 'n': literal("null"); return JsonNull.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected " + describe() + ", expected a value");
        }
    }

    private JsonObject object() {
        enter();
        pos++; // {
        JsonObject o = new JsonObject();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return o;
        }
        while (true) {
            if (peek() != '"') throw error("unexpected " + describe() + ", expected a member name string");
            String name = string();
            skipWhitespace();
            if (peek() != ':') throw error("unexpected " + describe() + ", expected ':' after member name");
            pos++;
            skipWhitespace();
            o.put(name, value());
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == '}') {
                pos++;
                depth--;
                return o;
            } else {
                throw error("unexpected " + describe() + ", expected ',' or '}' in object");
            }
        }
    }

    private JsonArray array() {
        enter();
        pos++; // [
        JsonArray a = new JsonArray();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return a;
        }
        while (true) {
            a.add(value());
            skipWhitespace();
            int c = peek();
            if (c == ',') {
                pos++;
                skipWhitespace();
            } else if (c == ']') {
                pos++;
                depth--;
                return a;
            } else {
                throw error("unexpected " + describe() + ", expected ',' or ']' in array");
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || b[pos + i] != word.charAt(i)) {
                pos += i;
                throw error("invalid literal, expected '" + word + "'");
            }
        }
        pos += word.length();
    }

    /** number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT ). */
    private JsonNumber number() {
        int s = pos;
        if (peek() == '-') pos++;
        int c = peek();
        if (c == '0') {
            pos++;
            if (isDigit(peek())) throw error("leading zero in number");
        } else if (c >= '1' && c <= '9') {
            while (isDigit(peek())) pos++;
        } else {
            throw error("expected a digit in number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw error("expected a digit after the decimal point");
            while (isDigit(peek())) pos++;
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') pos++;
            if (!isDigit(peek())) throw error("expected a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        char[] t = new char[pos - s];
        for (int i = 0; i < t.length; i++) t[i] = (char) b[s + i];
        return new JsonNumber(new String(t));
    }

    private String string() {
        pos++; // opening quote
        int n = 0;
        while (true) {
            if (pos >= end) throw error("unterminated string");
            int c = b[pos] & 0xff;
            if (c == '"') {
                pos++;
                return new String(chars, 0, n);
            }
            if (n + 2 > chars.length) {
                char[] bigger = new char[chars.length * 2];
                System.arraycopy(chars, 0, bigger, 0, n);
                chars = bigger;
            }
            if (c == '\\') {
                pos++;
                if (pos >= end) throw error("unterminated escape");
                int e = b[pos] & 0xff;
                switch (e) {
                    case '"': chars[n++] = '"'; pos++; break;
                    case '\\': chars[n++] = '\\'; pos++; break;
                    case '/': chars[n++] = '/'; pos++; break;
                    case 'b': chars[n++] = '\b'; pos++; break;
                    case 'f': chars[n++] = '\f'; pos++; break;
                    case 'n': chars[n++] = '\n'; pos++; break;
                    case 'r': chars[n++] = '\r'; pos++; break;
                    case 't': chars[n++] = '\t'; pos++; break;
                    case 'u': {
                        pos++;
                        int unit = hex4();
                        // Surrogate pairs arrive as two escapes; the two units together are the code point.
                        chars[n++] = (char) unit;
                        break;
                    }
                    default:
                        throw error("invalid escape '\\" + printable(e) + "'");
                }
            } else if (c < 0x20) {
                throw error("unescaped control character 0x" + Integer.toHexString(c) + " in string");
            } else if (c < 0x80) {
                chars[n++] = (char) c;
                pos++;
            } else {
                int cp = utf8CodePoint();
                if (cp >= 0x10000) {
                    chars[n++] = (char) (0xd800 + ((cp - 0x10000) >>> 10));
                    chars[n++] = (char) (0xdc00 + ((cp - 0x10000) & 0x3ff));
                } else {
                    chars[n++] = (char) cp;
                }
            }
        }
    }

    private int hex4() {
        if (end - pos < 4) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = b[pos] & 0xff;
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) throw error("invalid hex digit in \\u escape");
            v = v << 4 | d;
            pos++;
        }
        return v;
    }

    /** Decodes one multi-byte UTF-8 sequence at pos (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
    private int utf8CodePoint() {
        int c = b[pos] & 0xff;
        int need, min, cp;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            min = 0x80;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            min = 0x800;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            throw error("invalid UTF-8 byte 0x" + Integer.toHexString(c));
        }
        if (end - pos <= need) throw error("truncated UTF-8 sequence");
        for (int i = 1; i <= need; i++) {
            int cc = b[pos + i] & 0xff;
            if ((cc & 0xc0) != 0x80) throw error("invalid UTF-8 continuation byte 0x" + Integer.toHexString(cc));
            cp = cp << 6 | (cc & 0x3f);
        }
        if (cp < min) throw error("overlong UTF-8 sequence");
        if (cp >= 0xd800 && cp <= 0xdfff) throw error("UTF-8 encoded surrogate");
        if (cp > 0x10ffff) throw error("UTF-8 sequence beyond U+10FFFF");
        pos += need + 1;
        return cp;
    }

    private void skipWhitespace() {
        while (pos < end) {
            int c = b[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++;
            else return;
        }
    }

    private int peek() {
        return pos < end ? b[pos] & 0xff : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String describe() {
        if (pos >= end) return "end of input";
        return "'" + printable(b[pos] & 0xff) + "'";
    }

    private static String printable(int c) {
        if (c >= 0x20 && c < 0x7f) return String.valueOf((char) c);
        return "0x" + Integer.toHexString(c);
    }

    private JsonException error(String message) {
        int line = 1, col = 1;
        for (int i = start; i < pos && i < end; i++) {
            if (b[i] == '\n') {
                line++;
                col = 1;
            } else if ((b[i] & 0xc0) != 0x80) { // count code points, not continuation bytes
                col++;
            }
        }
        return new JsonException(message, pos - start, line, col);
    }
}
