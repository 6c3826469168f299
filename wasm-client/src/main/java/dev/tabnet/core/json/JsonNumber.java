package dev.tabnet.core.json;

import java.math.BigInteger;

/**
 * A JSON number, kept as its text so nothing is lost: integers beyond 64 bits survive a round trip
 * and can be read with {@link #bigIntegerValue}; {@link #longValue} refuses to truncate.
 */
public final class JsonNumber extends JsonValue {
    private final String text;

    /** text must already be a valid RFC 8259 number (the reader guarantees it). */
    JsonNumber(String text) {
        this.text = text;
    }

    public static JsonNumber of(long v) {
        return new JsonNumber(Long.toString(v));
    }

    public static JsonNumber of(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) throw new IllegalArgumentException("JSON has no NaN or infinity: " + v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return new JsonNumber(Long.toString((long) v));
        return new JsonNumber(Double.toString(v));
    }

    public static JsonNumber of(BigInteger v) {
        return new JsonNumber(v.toString());
    }

    @Override
    public Type type() {
        return Type.NUMBER;
    }

    @Override
    public JsonNumber asNumber() {
        return this;
    }

    /** The number exactly as written. */
    public String text() {
        return text;
    }

    /** True for an integer literal (no fraction or exponent). */
    public boolean isIntegral() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') return false;
        }
        return true;
    }

    /** The value as a long; throws if it is not an integer literal or does not fit in 64 bits. */
    public long longValue() {
        if (!isIntegral()) throw new JsonException("number " + text + " is not an integer");
        boolean neg = text.charAt(0) == '-';
        long v = 0;
        for (int i = neg ? 1 : 0; i < text.length(); i++) {
            int d = text.charAt(i) - '0';
            // accumulate negatively so Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) throw new JsonException("number " + text + " does not fit in 64 bits");
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) throw new JsonException("number " + text + " does not fit in 64 bits");
            v = -v;
        }
        return v;
    }

    public int intValue() {
        long v = longValue();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new JsonException("number " + text + " does not fit in 32 bits");
        return (int) v;
    }

    public BigInteger bigIntegerValue() {
        if (!isIntegral()) throw new JsonException("number " + text + " is not an integer");
        return new BigInteger(text);
    }

    public double doubleValue() {
        return Double.parseDouble(text);
    }

    /** Equal when the texts are equal (1.0 and 1 are different literals). */
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber && ((JsonNumber) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
