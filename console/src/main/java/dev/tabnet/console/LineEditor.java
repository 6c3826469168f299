package dev.tabnet.console;

import java.util.ArrayList;
import java.util.List;

/**
 * An emacs-style line editor over a raw terminal byte stream: printable input, backspace/delete,
 * cursor keys, Home/End, Ctrl-A/E/B/F/K/U/W, history (Up/Down, Ctrl-P/N) and a completion hook.
 * It only knows text and ANSI sequences, so it works the same in xterm.js and in tests.
 */
public final class LineEditor {
    /** Completes the text before the cursor; returns candidates. */
    public interface Completer {
        List<String> complete(String lineBeforeCursor);
    }

    private final Terminal term;
    private final List<String> history = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder escape = new StringBuilder();
    private String prompt = "";
    private int cursor; // index into line (in UTF-16 units; we keep the cursor off surrogate middles)
    private int historyIndex;
    private String draft = "";
    private Completer completer = s -> List.of();

    public LineEditor(Terminal term) {
        this.term = term;
    }

    public void setCompleter(Completer completer) {
        this.completer = completer;
    }

    public List<String> history() {
        return history;
    }

    /** Starts a new line with the given prompt. */
    public void start(String prompt) {
        this.prompt = prompt;
        line.setLength(0);
        cursor = 0;
        historyIndex = history.size();
        draft = "";
        term.write(prompt);
    }

    public String currentLine() {
        return line.toString();
    }

    /**
     * Feeds raw input. Returns the finished line when Enter was pressed (the rest of data after
     * Enter is ignored: pasted multi-line input is handled by the caller feeding line by line), or
     * null while the line is being edited.
     */
    public String feed(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (escape.length() > 0 && c < 0x20) {
                // A control key inside a sequence means the ESC was a lone Esc key press: drop it
                // and take the key as typed (a new ESC starts a new sequence).
                escape.setLength(0);
            }
            if (escape.length() > 0 || c == 0x1b) {
                escape.append(c);
                if (escapeComplete()) {
                    handleEscape(escape.toString());
                    escape.setLength(0);
                }
                continue;
            }
            switch (c) {
                case '\r':
                case '\n':
                    return accept();
                case 0x7f:
                case 0x08:
                    backspace();
                    break;
                case 0x01: moveTo(0); break;               // Ctrl-A
                case 0x05: moveTo(line.length()); break;   // Ctrl-E
                case 0x02: moveTo(prevIndex(cursor)); break; // Ctrl-B
                case 0x06: moveTo(nextIndex(cursor)); break; // Ctrl-F
                case 0x0b: replace(line.substring(0, cursor), cursor); break; // Ctrl-K
                case 0x15: replace(line.substring(cursor), 0); break;         // Ctrl-U
                case 0x17: deleteWordBack(); break;        // Ctrl-W
                case 0x10: historyMove(-1); break;         // Ctrl-P
                case 0x0e: historyMove(1); break;          // Ctrl-N
                case 0x0c: term.write("\u001b[2J\u001b[H"); redraw(); break; // Ctrl-L
                case 0x03:                                  // Ctrl-C: abandon the line
                    term.write("^C\r\n");
                    start(prompt);
                    break;
                case '\t':
                    complete();
                    break;
                default:
                    if (c >= 0x20) insert(String.valueOf(c));
            }
        }
        return null;
    }

    private String accept() {
        String result = line.toString();
        term.write("\r\n");
        if (!result.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(result))) {
            history.add(result);
        }
        line.setLength(0);
        cursor = 0;
        return result;
    }

    private boolean escapeComplete() {
        String e = escape.toString();
        if (e.length() < 2) return false;
        char second = e.charAt(1);
        if (second == '[') {
            char last = e.charAt(e.length() - 1);
            return e.length() > 2 && last >= 0x40 && last <= 0x7e;
        }
        if (second == 'O') return e.length() >= 3;
        return true; // Alt-<key>: ignore
    }

    private void handleEscape(String e) {
        switch (e) {
            case "\u001b[D": case "\u001bOD": moveTo(prevIndex(cursor)); break;
            case "\u001b[C": case "\u001bOC": moveTo(nextIndex(cursor)); break;
            case "\u001b[A": case "\u001bOA": historyMove(-1); break;
            case "\u001b[B": case "\u001bOB": historyMove(1); break;
            case "\u001b[H": case "\u001bOH": case "\u001b[1~": moveTo(0); break;
            case "\u001b[F": case "\u001bOF": case "\u001b[4~": moveTo(line.length()); break;
            case "\u001b[3~":
                if (cursor < line.length()) {
                    line.delete(cursor, nextIndex(cursor));
                    redraw();
                }
                break;
            default:
                break; // unknown sequences are ignored rather than inserted as garbage
        }
    }

    private void insert(String s) {
        line.insert(cursor, s);
        cursor += s.length();
        if (cursor == line.length()) {
            term.write(s);
        } else {
            redraw();
        }
    }

    private void backspace() {
        if (cursor == 0) return;
        int from = prevIndex(cursor);
        line.delete(from, cursor);
        cursor = from;
        redraw();
    }

    private void deleteWordBack() {
        int i = cursor;
        while (i > 0 && line.charAt(i - 1) == ' ') i--;
        while (i > 0 && line.charAt(i - 1) != ' ') i--;
        line.delete(i, cursor);
        cursor = i;
        redraw();
    }

    private void replace(String newLine, int newCursor) {
        line.setLength(0);
        line.append(newLine);
        cursor = newCursor;
        redraw();
    }

    private void moveTo(int pos) {
        cursor = Math.max(0, Math.min(line.length(), pos));
        redraw();
    }

    private int prevIndex(int i) {
        if (i <= 0) return 0;
        return Character.isLowSurrogate(line.charAt(i - 1)) && i >= 2 ? i - 2 : i - 1;
    }

    private int nextIndex(int i) {
        if (i >= line.length()) return line.length();
        return Character.isHighSurrogate(line.charAt(i)) && i + 1 < line.length() ? i + 2 : i + 1;
    }

    private void historyMove(int delta) {
        int target = historyIndex + delta;
        if (target < 0 || target > history.size()) return;
        if (historyIndex == history.size()) draft = line.toString();
        historyIndex = target;
        String text = target == history.size() ? draft : history.get(target);
        replace(text, text.length());
    }

    private void complete() {
        String before = line.substring(0, cursor);
        List<String> candidates = completer.complete(before);
        if (candidates.isEmpty()) return;
        int wordStart = before.lastIndexOf(' ') + 1;
        String word = before.substring(wordStart);
        String common = commonPrefix(candidates);
        if (candidates.size() == 1) {
            insert(common.substring(Math.min(word.length(), common.length())) + " ");
        } else if (common.length() > word.length()) {
            insert(common.substring(word.length()));
        } else {
            term.write("\r\n" + String.join("  ", candidates) + "\r\n");
            redraw();
        }
    }

    private static String commonPrefix(List<String> words) {
        String p = words.get(0);
        for (String w : words) {
            int n = 0;
            while (n < p.length() && n < w.length() && p.charAt(n) == w.charAt(n)) n++;
            p = p.substring(0, n);
        }
        return p;
    }

    /** Rewrites prompt + line and puts the terminal cursor where ours is. */
    private void redraw() {
        StringBuilder out = new StringBuilder();
        out.append('\r').append(prompt).append(line).append("\u001b[K");
        int back = displayWidth(line.substring(cursor));
        if (back > 0) out.append("\u001b[").append(back).append('D');
        term.write(out.toString());
    }

    private static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }
}
