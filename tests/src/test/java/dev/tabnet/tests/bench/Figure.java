package dev.tabnet.tests.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the benchmark table: a measured value, optionally next to a baseline measured in the
 * same run (their ratio is value / baseline), and the target from issue 9 it is judged against.
 * A figure whose pieces do not exist yet (or that this machine cannot run) carries a reason
 * instead of a value.
 */
final class Figure {
    /** How a figure is judged against its target. */
    enum Goal { NONE, VALUE_AT_MOST, VALUE_AT_LEAST, RATIO_AT_LEAST, ADDED_AT_MOST }

    final String id;
    final String name;
    final String unit;
    Double value;
    Double baseline;
    String baselineName;
    Goal goal = Goal.NONE;
    double threshold;
    String targetText = "";
    String notMeasured;
    String note = "";
    final Map<String, Object> details = new LinkedHashMap<>();

    Figure(String id, String name, String unit) {
        this.id = id;
        this.name = name;
        this.unit = unit;
    }

    Figure value(double v) {
        this.value = v;
        return this;
    }

    Figure baseline(String name, double v) {
        this.baselineName = name;
        this.baseline = v;
        return this;
    }

    Figure target(Goal goal, double threshold, String text) {
        this.goal = goal;
        this.threshold = threshold;
        this.targetText = text;
        return this;
    }

    Figure note(String n) {
        this.note = n;
        return this;
    }

    Figure detail(String key, Object v) {
        details.put(key, v);
        return this;
    }

    Figure notMeasured(String reason) {
        this.notMeasured = reason;
        this.value = null;
        return this;
    }

    Double ratio() {
        return value != null && baseline != null && baseline != 0 ? value / baseline : null;
    }

    /** Null when there is no target or nothing was measured. */
    Boolean met() {
        if (value == null) return null;
        switch (goal) {
            case VALUE_AT_MOST: return value <= threshold;
            case VALUE_AT_LEAST: return value >= threshold;
            case RATIO_AT_LEAST: return ratio() == null ? null : ratio() >= threshold;
            case ADDED_AT_MOST: return baseline == null ? null : value - baseline <= threshold;
            default: return null;
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("figure", name);
        m.put("value", value);
        m.put("unit", unit);
        m.put("baseline", baseline);
        m.put("baselineFigure", baselineName);
        m.put("ratio", ratio());
        m.put("target", targetText);
        m.put("met", met());
        if (notMeasured != null) m.put("notMeasured", notMeasured);
        if (!note.isEmpty()) m.put("note", note);
        if (!details.isEmpty()) m.put("details", details);
        return m;
    }
}
