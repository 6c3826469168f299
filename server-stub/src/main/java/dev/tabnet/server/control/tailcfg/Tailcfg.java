package dev.tabnet.server.control.tailcfg;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** JSON codec for the tailcfg model and the framing of the map stream. */
public final class Tailcfg {
    /** Go's zero time.Time as JSON: RegisterRequest.Expiry when the node does not expire. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** Go's map poll watchdog gives up after 120 s of silence; testcontrol and headscale send a keep-alive every ~50 s. */
    public static final long KEEP_ALIVE_INTERVAL_MILLIS = 50_000;

    /**
     * Public fields; nulls omitted (the omitempty convention of this package); unknown members
     * ignored and member names matched case-insensitively, like Go's encoding/json decoder.
     */
    public static final JSON JSON_CODEC = JSON.std
            .with(JSON.Feature.USE_FIELDS, JSON.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .without(JSON.Feature.WRITE_NULL_PROPERTIES, JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY);

    private Tailcfg() {}

    public static <T> T read(Class<T> type, byte[] json) throws IOException {
        return JSON_CODEC.beanFrom(type, json);
    }

    public static byte[] write(Object value) throws IOException {
        return JSON_CODEC.asBytes(value);
    }

    /** One map-stream message: uint32 little-endian length ‖ JSON (uncompressed: we never offer zstd). */
    public static byte[] frameMapResponse(MapResponse response) throws IOException {
        byte[] json = write(response);
        byte[] out = new byte[4 + json.length];
        out[0] = (byte) json.length;
        out[1] = (byte) (json.length >>> 8);
        out[2] = (byte) (json.length >>> 16);
        out[3] = (byte) (json.length >>> 24);
        System.arraycopy(json, 0, out, 4, json.length);
        return out;
    }

    /** RFC 3339 in UTC ("…Z", fraction only when non-zero), which Go's time.Time unmarshals. */
    public static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** True for Go's zero time or any instant before now (a past Expiry means "log out"). */
    public static boolean isZeroTime(String rfc3339) {
        return rfc3339 == null || rfc3339.isEmpty() || rfc3339.startsWith("0001-01-01T00:00:00");
    }
}
