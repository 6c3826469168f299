package dev.tabnet.tests.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one bench run, written as results.json and printed as a table. */
final class BenchResults {
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();

    synchronized Figure add(Figure f) {
        figures.add(f);
        return f;
    }

    synchronized List<Figure> figures() {
        return new ArrayList<>(figures);
    }

    void environment(String key, Object value) {
        environment.put(key, value);
    }

    /** Writes results.json and results.txt (the table) into dir; returns the table. */
    synchronized String write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generated", Instant.now().toString());
        root.put("environment", environment);
        List<Object> rows = new ArrayList<>();
        for (Figure f : figures) rows.add(f.toJson());
        root.put("figures", rows);
        Files.writeString(dir.resolve("results.json"), JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root) + "\n", StandardCharsets.UTF_8);
        String table = table();
        Files.writeString(dir.resolve("results.txt"), table, StandardCharsets.UTF_8);
        return table;
    }

    String table() {
        String[] head = {"figure", "value", "unit", "baseline", "ratio", "target", "met?"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        List<String> notes = new ArrayList<>();
        for (Figure f : figures) {
            String value = f.value == null ? "—" : num(f.value);
            String baseline = f.baseline == null ? "" : num(f.baseline) + " (" + f.baselineName + ")";
            Double r = f.ratio();
            Boolean met = f.met();
            String metText = met == null ? (f.notMeasured != null ? "n/m" : "") : met ? "yes" : "NO";
            rows.add(new String[] {f.name, value, f.unit, baseline, r == null ? "" : String.format(Locale.ROOT, "%.3f", r), f.targetText, metText});
            if (f.notMeasured != null) notes.add(f.name + ": not measured: " + f.notMeasured);
        }
        int[] w = new int[head.length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            sb.append("| ");
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]).append(" ".repeat(w[i] - row[i].length())).append(" | ");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
            if (r == 0) {
                sb.append('|');
                for (int x : w) sb.append("-".repeat(x + 2)).append('|');
                sb.append('\n');
            }
        }
        for (String n : notes) sb.append("  ").append(n).append('\n');
        return sb.toString();
    }

    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
