package dev.tabnet.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interactive console: prompt, line editing, command dispatch, and a foreground job that takes
 * raw keys while it runs (an SSH session, a ping that Ctrl-C stops).
 */
public final class Shell implements CommandContext {
    public static final String PROMPT = "tabnet> ";

    private final Terminal term;
    private final LineEditor editor;
    private final Map<String, Command> commands = new TreeMap<>();
    private Job foreground;

    public Shell(Terminal term, String productVersion) {
        this.term = term;
        this.editor = new LineEditor(term);
        editor.setCompleter(this::completeLine);
        register(new BuiltinCommands.Help(this));
        register(new BuiltinCommands.Version(productVersion));
        register(new BuiltinCommands.Clear());
    }

    public void register(Command c) {
        commands.put(c.name(), c);
    }

    public Map<String, Command> commands() {
        return commands;
    }

    public void start(String banner) {
        if (banner != null && !banner.isEmpty()) term.write(banner.replace("\n", "\r\n") + "\r\n");
        editor.start(PROMPT);
    }

    /** Raw keystrokes or pasted text from the terminal. */
    public void input(String data) {
        int i = 0;
        while (i < data.length()) {
            if (foreground != null) {
                foreground.input(data.substring(i));
                return;
            }
            // Feed up to and including the next line break so pasted multi-line text runs line by line.
            int nl = nextLineBreak(data, i);
            String chunk = nl < 0 ? data.substring(i) : data.substring(i, nl + 1);
            i += chunk.length();
            if (nl >= 0 && data.charAt(nl) == '\r' && i < data.length() && data.charAt(i) == '\n') i++;
            String line = editor.feed(chunk);
            if (line != null) execute(line);
        }
    }

    public void resized(int columns, int rows) {
        if (foreground != null) foreground.resized(columns, rows);
    }

    public boolean busy() {
        return foreground != null;
    }

    private static int nextLineBreak(String s, int from) {
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\r' || c == '\n') return j;
        }
        return -1;
    }

    void execute(String line) {
        List<String> words = Words.split(line);
        if (words.isEmpty()) {
            editor.start(PROMPT);
            return;
        }
        Command c = commands.get(words.get(0));
        if (c == null) {
            println("unknown command: " + words.get(0) + " (try `help`)");
            editor.start(PROMPT);
            return;
        }
        Job job;
        try {
            job = c.run(words.subList(1, words.size()), this);
        } catch (RuntimeException e) {
            println(c.name() + ": internal error: " + e);
            job = null;
        }
        if (job == null) {
            editor.start(PROMPT);
        } else {
            foreground = job;
        }
    }

    @Override
    public Terminal terminal() {
        return term;
    }

    @Override
    public void finish() {
        if (foreground != null) {
            foreground = null;
            editor.start(PROMPT);
        }
    }

    @Override
    public void clearScreen() {
        term.write("\u001b[2J\u001b[3J\u001b[H");
    }

    private List<String> completeLine(String before) {
        List<String> words = Words.split(before);
        boolean newWord = before.isEmpty() || before.endsWith(" ");
        List<String> out = new ArrayList<>();
        if (words.isEmpty() || (words.size() == 1 && !newWord)) {
            String prefix = words.isEmpty() ? "" : words.get(0);
            for (String name : commands.keySet()) if (name.startsWith(prefix)) out.add(name);
            return out;
        }
        Command c = commands.get(words.get(0));
        if (c == null) return out;
        int argIndex = newWord ? words.size() - 1 : words.size() - 2;
        String prefix = newWord ? "" : words.get(words.size() - 1);
        for (String cand : c.complete(argIndex, prefix, this)) if (cand.startsWith(prefix)) out.add(cand);
        return out;
    }
}
