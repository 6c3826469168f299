package dev.tabnet.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny model of what a terminal shows for the subset of ANSI the console emits (CR, LF, BS,
 * CSI K / J / H / C / D). Tests assert on the visible screen instead of on escape bytes.
 */
public final class ScreenModel implements Terminal {
    private final List<StringBuilder> lines = new ArrayList<>();
    private int row;
    private int col;

    public ScreenModel() {
        lines.add(new StringBuilder());
    }

    @Override
    public void write(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                row++;
                while (lines.size() <= row) lines.add(new StringBuilder());
            } else if (c == 0x1b && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int j = i + 2;
                StringBuilder num = new StringBuilder();
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) num.append(s.charAt(j++));
                char cmd = s.charAt(j);
                int n = num.length() == 0 || num.indexOf(";") >= 0 ? 1 : Integer.parseInt(num.toString());
                switch (cmd) {
                    case 'K': cur().setLength(Math.min(col, cur().length())); break;
                    case 'C': col += n; break;
                    case 'D': col = Math.max(0, col - n); break;
                    case 'H': row = 0; col = 0; break;
                    case 'J': lines.clear(); lines.add(new StringBuilder()); row = 0; col = 0; break;
                    default: break;
                }
                i = j;
            } else {
                StringBuilder l = cur();
                while (l.length() < col) l.append(' ');
                if (col < l.length()) l.setCharAt(col, c); else l.append(c);
                col++;
            }
        }
    }

    private StringBuilder cur() {
        return lines.get(row);
    }

    public String line(int r) {
        return lines.get(r).toString();
    }

    public String currentLine() {
        return cur().toString();
    }

    public int cursorColumn() {
        return col;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        for (StringBuilder l : lines) b.append(l).append('\n');
        return b.toString();
    }

    @Override public int columns() { return 80; }
    @Override public int rows() { return 24; }
}
