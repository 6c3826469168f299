package dev.tabnet.web.selftest;

import java.util.ArrayList;
import java.util.List;

/** Results of the in-browser checks, rendered as a small JSON object by hand (no reflection). */
final class SelfTestReport {
    interface Check {
        void run(SelfTestReport report) throws Exception;
    }

    private final List<String> fields = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void run(String name, Check check) {
        try {
            check.run(this);
        } catch (Throwable t) {
            failures.add(name + ": " + t);
        }
    }

    void fail(String message) {
        failures.add(message);
    }

    void put(String key, long value) {
        fields.add(quote(key) + ":" + value);
    }

    void put(String key, boolean value) {
        fields.add(quote(key) + ":" + value);
    }

    void put(String key, String value) {
        fields.add(quote(key) + ":" + quote(value));
    }

    /** Rates are reported with one decimal; JSON has no NaN, so non-finite values become -1. */
    void putRate(String key, double value) {
        long tenths = Double.isNaN(value) || Double.isInfinite(value) ? -10 : Math.round(value * 10);
        fields.add(quote(key) + ":" + (tenths / 10) + "." + Math.abs(tenths % 10));
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{");
        for (String f : fields) sb.append(f).append(',');
        sb.append(quote("failures")).append(":[");
        for (int i = 0; i < failures.size(); i++) sb.append(i > 0 ? "," : "").append(quote(failures.get(i)));
        return sb.append("]}").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(' ');
            else sb.append(c);
        }
        return sb.append('"').toString();
    }
}
