package dev.tabnet.core.http2;

/**
 * One header field. Names and values are octet strings (RFC 9113 §8.2); they are held as Java strings
 * with one char per octet (ISO-8859-1), so HPACK sizes are simply {@code length()}. Names on the wire
 * are lowercase.
 */
public final class HeaderField {
    public final String name;
    public final String value;
    /** Never put into an HPACK dynamic table and sent as "never indexed" (RFC 7541 §6.2.3), e.g. secrets. */
    public final boolean sensitive;

    public HeaderField(String name, String value) {
        this(name, value, false);
    }

    public HeaderField(String name, String value, boolean sensitive) {
        if (name == null || value == null) throw new IllegalArgumentException("header name and value must not be null");
        this.name = name;
        this.value = value;
        this.sensitive = sensitive;
    }

    /** RFC 7541 §4.1: entry size is name + value octets + 32. */
    public int hpackSize() {
        return name.length() + value.length() + 32;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderField && ((HeaderField) o).name.equals(name) && ((HeaderField) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
