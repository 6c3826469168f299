package dev.tabnet.core.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** A JSON array. */
public final class JsonArray extends JsonValue implements Iterable<JsonValue> {
    private final ArrayList<JsonValue> items = new ArrayList<>();

    @Override
    public Type type() {
        return Type.ARRAY;
    }

    @Override
    public JsonArray asArray() {
        return this;
    }

    public int size() {
        return items.size();
    }

    public JsonValue get(int i) {
        return items.get(i);
    }

    public List<JsonValue> values() {
        return items;
    }

    public JsonArray add(JsonValue v) {
        items.add(v == null ? JsonNull.NULL : v);
        return this;
    }

    public JsonArray add(String s) {
        return add(s == null ? JsonNull.NULL : new JsonString(s));
    }

    public JsonArray add(long v) {
        return add(JsonNumber.of(v));
    }

    public JsonArray add(boolean v) {
        return add(JsonBoolean.of(v));
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return items.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray && ((JsonArray) o).items.equals(items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }
}
