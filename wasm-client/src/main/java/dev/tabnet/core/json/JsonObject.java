package dev.tabnet.core.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object; member order is kept. A repeated name keeps its last value (as Go does).
 *
 * <p>The typed getters ({@link #getString}, {@link #getLong}, …) look names up the way Go's
 * encoding/json matches struct fields (protocols.md §5 item 10): an exact match first, otherwise
 * the last member whose name equals ignoring case (ASCII and Java case folding; Go's extra Unicode
 * folds like the Kelvin sign are not special-cased). JSON null counts as absent, as it leaves a Go
 * field at its zero value.
 */
public final class JsonObject extends JsonValue {
    private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

    @Override
    public Type type() {
        return Type.OBJECT;
    }

    @Override
    public JsonObject asObject() {
        return this;
    }

    public int size() {
        return members.size();
    }

    public Set<String> names() {
        return members.keySet();
    }

    public Set<Map.Entry<String, JsonValue>> entries() {
        return members.entrySet();
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    /** Exact-name lookup; null if absent. */
    public JsonValue get(String name) {
        return members.get(name);
    }

    /** Go-style lookup (see the class comment); null if absent. */
    public JsonValue getIgnoreCase(String name) {
        JsonValue exact = members.get(name);
        if (exact != null) return exact;
        JsonValue found = null;
        for (Map.Entry<String, JsonValue> e : members.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) found = e.getValue();
        }
        return found;
    }

    private JsonValue present(String name) {
        JsonValue v = getIgnoreCase(name);
        return v == null || v.isNull() ? null : v;
    }

    public String getString(String name, String fallback) {
        JsonValue v = present(name);
        return v == null ? fallback : v.asString();
    }

    public String getString(String name) {
        return getString(name, null);
    }

    public long getLong(String name, long fallback) {
        JsonValue v = present(name);
        return v == null ? fallback : v.asLong();
    }

    public double getDouble(String name, double fallback) {
        JsonValue v = present(name);
        return v == null ? fallback : v.asDouble();
    }

    public boolean getBoolean(String name, boolean fallback) {
        JsonValue v = present(name);
        return v == null ? fallback : v.asBoolean();
    }

    /** The member as an object, or null if absent/null. */
    public JsonObject getObject(String name) {
        JsonValue v = present(name);
        return v == null ? null : v.asObject();
    }

    /** The member as an array, or null if absent/null. */
    public JsonArray getArray(String name) {
        JsonValue v = present(name);
        return v == null ? null : v.asArray();
    }

    public JsonObject put(String name, JsonValue value) {
        if (name == null) throw new IllegalArgumentException("null member name");
        members.put(name, value == null ? JsonNull.NULL : value);
        return this;
    }

    public JsonObject put(String name, String value) {
        return put(name, value == null ? JsonNull.NULL : new JsonString(value));
    }

    public JsonObject put(String name, long value) {
        return put(name, JsonNumber.of(value));
    }

    public JsonObject put(String name, double value) {
        return put(name, JsonNumber.of(value));
    }

    public JsonObject put(String name, boolean value) {
        return put(name, JsonBoolean.of(value));
    }

    public JsonValue remove(String name) {
        return members.remove(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject && ((JsonObject) o).members.equals(members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }
}
