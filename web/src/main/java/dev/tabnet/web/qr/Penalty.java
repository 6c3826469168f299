package dev.tabnet.web.qr;

/** The mask evaluation score of ISO/IEC 18004 §7.8.3 (rules N1–N4); the lowest score wins. */
final class Penalty {
    private static final int N1 = 3;
    private static final int N2 = 3;
    private static final int N3 = 40;
    private static final int N4 = 10;

    private Penalty() {}

    static int score(boolean[][] m) {
        int size = m.length;
        int score = 0;
        for (int i = 0; i < size; i++) {
            score += lineScore(m, i, true) + lineScore(m, i, false);
        }
        for (int y = 0; y + 1 < size; y++) {
            for (int x = 0; x + 1 < size; x++) {
                boolean c = m[y][x];
                if (m[y][x + 1] == c && m[y + 1][x] == c && m[y + 1][x + 1] == c) score += N2;
            }
        }
        int dark = 0;
        for (boolean[] row : m) for (boolean d : row) if (d) dark++;
        int total = size * size;
        int deviation = Math.abs(dark * 100 - total * 50); // in percent·total
        score += N4 * (deviation / (total * 5));
        return score;
    }

    private static boolean at(boolean[][] m, int line, int i, boolean row) {
        if (i < 0 || i >= m.length) return false; // the quiet zone around the symbol is light
        return row ? m[line][i] : m[i][line];
    }

    /** N1 (runs of five or more of one colour) and N3 (1:1:3:1:1 finder-like runs with four light modules on a side). */
    private static int lineScore(boolean[][] m, int line, boolean row) {
        int size = m.length;
        int score = 0;
        int run = 0;
        for (int i = 0; i < size; i++) {
            if (i > 0 && at(m, line, i, row) == at(m, line, i - 1, row)) {
                run++;
            } else {
                if (run >= 5) score += N1 + (run - 5);
                run = 1;
            }
        }
        if (run >= 5) score += N1 + (run - 5);
        for (int i = -4; i + 6 < size + 4; i++) {
            if (!finderLike(m, line, i, row)) continue;
            boolean lightBefore = true;
            boolean lightAfter = true;
            for (int k = 1; k <= 4; k++) {
                lightBefore &= !at(m, line, i - k, row);
                lightAfter &= !at(m, line, i + 6 + k, row);
            }
            if (lightBefore || lightAfter) score += N3;
        }
        return score;
    }

    private static final boolean[] FINDER = {true, false, true, true, true, false, true};

    private static boolean finderLike(boolean[][] m, int line, int start, boolean row) {
        for (int k = 0; k < 7; k++) if (at(m, line, start + k, row) != FINDER[k]) return false;
        return true;
    }
}
