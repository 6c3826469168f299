package dev.tabnet.core.json;

/**
 * A JSON value (RFC 8259): {@link JsonObject}, {@link JsonArray}, {@link JsonString},
 * {@link JsonNumber}, {@link JsonBoolean} or {@link JsonNull}. The {@code as…} accessors throw
 * {@link JsonException} when the value has another type.
 */
public abstract class JsonValue {
    JsonValue() {}

    public enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

    public abstract Type type();

    public boolean isNull() {
        return type() == Type.NULL;
    }

    public JsonObject asObject() {
        throw mismatch("an object");
    }

    public JsonArray asArray() {
        throw mismatch("an array");
    }

    public String asString() {
        throw mismatch("a string");
    }

    public JsonNumber asNumber() {
        throw mismatch("a number");
    }

    public long asLong() {
        return asNumber().longValue();
    }

    public double asDouble() {
        return asNumber().doubleValue();
    }

    public boolean asBoolean() {
        throw mismatch("a boolean");
    }

    /** Compact JSON text. */
    public String toJson() {
        JsonWriter w = new JsonWriter();
        w.value(this);
        return w.toString();
    }

    /** Compact JSON as UTF-8. */
    public byte[] toUtf8() {
        JsonWriter w = new JsonWriter();
        w.value(this);
        return w.toUtf8();
    }

    @Override
    public String toString() {
        return toJson();
    }

    JsonException mismatch(String wanted) {
        return new JsonException("expected " + wanted + " but found " + type().name().toLowerCase());
    }
}
