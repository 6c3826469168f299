package dev.tabnet.core.derp;

import java.util.HashMap;
import java.util.Map;

/**
 * The little JSON DERP needs: one object whose members are strings, integers, booleans or null
 * (nested values are skipped, as Go ignores unknown fields). Keys are folded to lower case because
 * Go's decoder matches field names case-insensitively ("Version" and "version" are the same field).
 */
final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** Values: String, Long, Boolean, or NULL for JSON null; nested values are omitted. */
    static Map<String, Object> parseObject(String json) throws DerpProtocolException {
        FlatJson p = new FlatJson(json);
        Map<String, Object> out = new HashMap<>();
        p.ws();
        p.expect('{');
        p.ws();
        if (p.peek() == '}') {
            p.i++;
        } else {
            while (true) {
                p.ws();
                String key = p.string().toLowerCase();
                p.ws();
                p.expect(':');
                p.ws();
                Object v = p.value();
                if (v != SKIPPED) out.put(key, v);
                p.ws();
                char c = p.next();
                if (c == '}') break;
                if (c != ',') throw p.error("expected , or }");
            }
        }
        p.ws();
        if (p.i != json.length()) throw p.error("trailing data");
        return out;
    }

    static final Object NULL = new Object();
    private static final Object SKIPPED = new Object();

    private Object value() throws DerpProtocolException {
        char c = peek();
        if (c == '"') return string();
        if (c == '{' || c == '[') {
            skipNested();
            return SKIPPED;
        }
        if (s.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return NULL;
        }
        return number();
    }

    private Object number() throws DerpProtocolException {
        int st = i;
        if (i < s.length() && s.charAt(i) == '-') i++;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        boolean fraction = false;
        while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
            fraction = true;
            i++;
        }
        if (st == i || (st + 1 == i && s.charAt(st) == '-')) throw error("bad value");
        if (fraction) return SKIPPED; // no float fields in DERP; Go would refuse it for an int field
        try {
            return Long.parseLong(s.substring(st, i));
        } catch (NumberFormatException e) {
            throw error("number out of range");
        }
    }

    private void skipNested() throws DerpProtocolException {
        int depth = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                string();
                continue;
            }
            i++;
            if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0) return;
            }
        }
        throw error("unterminated value");
    }

    private String string() throws DerpProtocolException {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw error("unterminated string");
            char c = s.charAt(i++);
            if (c == '"') return b.toString();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) throw error("bad escape");
            char e = s.charAt(i++);
            switch (e) {
                case '"': case '\\': case '/': b.append(e); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) throw error("bad \\u escape");
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) throw error("bad \\u escape");
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                    break;
                default: throw error("bad escape");
            }
        }
    }

    /** Appends s as a JSON string literal. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                String h = Integer.toHexString(c);
                out.append("\\u");
                for (int p = h.length(); p < 4; p++) out.append('0');
                out.append(h);
            } else out.append(c);
        }
        out.append('"');
    }

    private void ws() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
    }

    private char peek() throws DerpProtocolException {
        if (i >= s.length()) throw error("unexpected end");
        return s.charAt(i);
    }

    private char next() throws DerpProtocolException {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) throws DerpProtocolException {
        if (next() != c) throw error("expected " + c);
    }

    private DerpProtocolException error(String what) {
        return new DerpProtocolException("invalid JSON at offset " + i + ": " + what);
    }
}
