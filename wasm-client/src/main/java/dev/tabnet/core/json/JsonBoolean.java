package dev.tabnet.core.json;

/** The JSON literals true and false. */
public final class JsonBoolean extends JsonValue {
    public static final JsonBoolean TRUE = new JsonBoolean(true);
    public static final JsonBoolean FALSE = new JsonBoolean(false);

    private final boolean value;

    private JsonBoolean(boolean value) {
        this.value = value;
    }

    public static JsonBoolean of(boolean b) {
        return b ? TRUE : FALSE;
    }

    @Override
    public Type type() {
        return Type.BOOLEAN;
    }

    @Override
    public boolean asBoolean() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonBoolean && ((JsonBoolean) o).value == value;
    }

    @Override
    public int hashCode() {
        return value ? 1 : 2;
    }
}
