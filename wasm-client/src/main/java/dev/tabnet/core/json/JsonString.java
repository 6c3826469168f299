package dev.tabnet.core.json;

/** A JSON string (any Java string; lone surrogates are written as \\u escapes). */
public final class JsonString extends JsonValue {
    private final String value;

    public JsonString(String value) {
        if (value == null) throw new IllegalArgumentException("null string; use JsonNull.NULL");
        this.value = value;
    }

    @Override
    public Type type() {
        return Type.STRING;
    }

    @Override
    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString && ((JsonString) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
