package dev.tabnet.core.json;

/** The JSON literal null. */
public final class JsonNull extends JsonValue {
    public static final JsonNull NULL = new JsonNull();

    private JsonNull() {}

    @Override
    public Type type() {
        return Type.NULL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNull;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
