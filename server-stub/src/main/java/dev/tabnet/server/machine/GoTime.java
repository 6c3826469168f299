package dev.tabnet.server.machine;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Go's time.Time in JSON: RFC 3339, with the zero value "0001-01-01T00:00:00Z" meaning unset. */
final class GoTime {
    static final String ZERO = "0001-01-01T00:00:00Z";

    private GoTime() {}

    /** Null for absent, zero or unparsable values. */
    static Instant parse(Object v) {
        if (!(v instanceof String) || ZERO.equals(v)) return null;
        try {
            return Instant.parse((String) v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String format(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
