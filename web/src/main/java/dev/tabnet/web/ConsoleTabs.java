package dev.tabnet.web;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import dev.tabnet.console.Shell;
import dev.tabnet.console.tailnet.Tailnet;
import dev.tabnet.console.tailnet.TailnetCommands;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminals of the page: tab 0 is the console; `ssh` there opens a new tab with its own xterm
 * and shell, so several sessions run at once while the console stays usable. The key bar's bytes go
 * to the tab in front.
 */
final class ConsoleTabs {
    private final TabUi ui;
    private final Tailnet net;
    private final String product;
    private final KeyBar keys = new KeyBar(TabUiPage::showCtrl);
    private final Map<Integer, Tab> tabs = new HashMap<>();
    private int nextId = 1;

    ConsoleTabs(TabUi ui, Tailnet net, String product) {
        this.ui = ui;
        this.net = net;
        this.product = product;
        ui.setOnClosing(this::close);
        ui.setOnKey(this::barKey);
    }

    /** Wires the console tab (the xterm the widget made as tab 0) and returns its shell. */
    Shell console(Xterm xterm) {
        Tab t = attach(0, xterm);
        t.shell.register(new SshInTab());
        return t.shell;
    }

    int openTabs() {
        return tabs.size();
    }

    private Tab attach(int id, Xterm xterm) {
        Tab t = new Tab(id, xterm, new Shell(new XtermTerminal(xterm), product));
        TailnetCommands.register(t.shell, net);
        xterm.onData(data -> input(t, keys.typed(data)));
        xterm.onResize(size -> t.shell.resized(xterm.getCols(), xterm.getRows()));
        tabs.put(id, t);
        return t;
    }

    private void barKey(String key, int id) {
        Tab t = tabs.get(id);
        if (t == null) return;
        String bytes = keys.press(key, ui.appCursor(id));
        if (bytes != null) input(t, bytes);
    }

    /** Keys into a tab's shell; a failure in a command is printed there rather than lost in a JS callback. */
    private static void input(Tab t, String data) {
        try {
            t.shell.input(data);
        } catch (RuntimeException e) {
            t.xterm.write("\r\n[internal error: " + e + "]\r\n");
        }
    }

    /** The tab's × button: end its session (the ssh escape, Ctrl-]) and drop the tab. */
    private void close(int id) {
        Tab t = tabs.remove(id);
        if (t == null || id == 0) return;
        // Ctrl-] ends an SSH session (SshCommand's escape), Ctrl-C any other job (a ping).
        if (t.shell.busy()) input(t, "\u001d");
        if (t.shell.busy()) input(t, "\u0003");
        ui.close(id);
    }

    Shell openSsh(List<String> args) {
        int id = nextId++;
        String title = "ssh " + args.get(args.get(0).equals("-p") ? 2 : 0);
        Tab t = attach(id, ui.open(id, title, true));
        t.shell.start(null);
        StringBuilder line = new StringBuilder("ssh");
        for (String a : args) line.append(' ').append(quote(a));
        t.shell.input(line.append('\r').toString());
        return t.shell;
    }

    static String quote(String word) {
        boolean plain = !word.isEmpty();
        for (int i = 0; i < word.length() && plain; i++) {
            char c = word.charAt(i);
            plain = c > ' ' && c != '"' && c != '\'' && c != '\\';
        }
        if (plain) return word;
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }

    private static final class Tab {
        final int id;
        final Xterm xterm;
        final Shell shell;

        Tab(int id, Xterm xterm, Shell shell) {
            this.id = id;
            this.xterm = xterm;
            this.shell = shell;
        }
    }

    /** `ssh` in the console tab: the session gets a tab of its own; the console prompt comes right back. */
    private final class SshInTab implements Command {
        @Override public String name() { return "ssh"; }
        @Override public String summary() { return "open an SSH session to a peer in a new tab (Ctrl-] or × closes it)"; }
        @Override public String usage() { return "ssh [-p port] [user@]host [command]"; }

        @Override
        public Job run(List<String> args, CommandContext ctx) {
            if (args.isEmpty() || (args.get(0).equals("-p") && args.size() < 3)) {
                ctx.println("usage: " + usage());
                return null;
            }
            if (net.state() != Tailnet.State.RUNNING) {
                String detail = net.stateDetail();
                ctx.println("not connected to the tailnet (" + net.state().name().toLowerCase().replace('_', ' ')
                        + (detail == null || detail.isEmpty() ? "" : ": " + detail) + ")");
                return null;
            }
            openSsh(args);
            ctx.println("ssh: session opened in a new tab");
            return null;
        }

        @Override
        public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
            List<String> out = new java.util.ArrayList<>();
            for (dev.tabnet.console.tailnet.PeerInfo p : net.peers()) out.add(p.name);
            return out;
        }
    }
}
