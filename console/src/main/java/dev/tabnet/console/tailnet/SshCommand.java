package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;
import java.util.function.Consumer;

/**
 * `ssh [-p port] [user@]host [command]`: an SSH session in the foreground. Keys go to the remote
 * pty; Ctrl-] closes the session from our side (like telnet's escape, since Ctrl-C belongs to the
 * remote shell). Prompts (host key, password) are answered on the console line by line.
 */
final class SshCommand implements Command {
    static final char ESCAPE = 0x1d; // Ctrl-]

    private final Tailnet net;

    SshCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "ssh"; }
    @Override public String summary() { return "open an SSH session to a peer (Ctrl-] closes it)"; }
    @Override public String usage() { return "ssh [-p port] [user@]host [command]"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        int port = 22;
        int i = 0;
        if (i + 1 < args.size() && args.get(i).equals("-p")) {
            try {
                port = Integer.parseInt(args.get(i + 1));
            } catch (NumberFormatException e) {
                ctx.println("ssh: bad port " + args.get(i + 1));
                return null;
            }
            i += 2;
        }
        if (i >= args.size()) {
            ctx.println("usage: " + usage());
            return null;
        }
        String target = args.get(i++);
        String user = "root";
        int at = target.lastIndexOf('@');
        if (at >= 0) {
            user = target.substring(0, at);
            target = target.substring(at + 1);
        }
        String command = i < args.size() ? String.join(" ", args.subList(i, args.size())) : null;
        if (!TailnetCommands.requireRunning(net, ctx)) return null;
        SshJob job = new SshJob(ctx);
        SshRequest req = new SshRequest(user, target, port, command, ctx.terminal().columns(), ctx.terminal().rows());
        job.session = net.ssh(req, job);
        return job.ended ? null : job;
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        int at = prefix.lastIndexOf('@');
        List<String> names = TailnetCommands.peerNames(net);
        if (at < 0) return names;
        List<String> out = new java.util.ArrayList<>();
        for (String n : names) out.add(prefix.substring(0, at + 1) + n);
        return out;
    }

    /** The foreground side of one session: prompts first, then raw passthrough. */
    static class SshJob implements Job, SshListener {
        final CommandContext ctx;
        SshSession session;
        boolean ended;
        private Consumer<String> pendingAnswer;
        private boolean pendingEcho;
        private final StringBuilder answer = new StringBuilder();
        private boolean interactive;
        /** Keys typed after the last answer but before the remote side printed anything (bounded). */
        private final StringBuilder typeahead = new StringBuilder();
        static final int TYPEAHEAD_MAX = 4096;

        SshJob(CommandContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void input(String data) {
            if (ended) return;
            if (pendingAnswer != null) {
                collectAnswer(data);
                return;
            }
            int esc = data.indexOf(ESCAPE);
            if (esc >= 0) {
                if (esc > 0 && session != null) session.input(data.substring(0, esc));
                ctx.println("");
                ctx.println("[ssh: closing the session]");
                if (session != null) session.close();
                end();
                return;
            }
            if (interactive && session != null) {
                session.input(data);
            } else if (data.indexOf('\u0003') >= 0) { // Ctrl-C before the shell is up aborts
                ctx.println("^C");
                if (session != null) session.close();
                end();
            } else if (typeahead.length() + data.length() <= TYPEAHEAD_MAX) {
                // As a terminal does: what is typed before the shell is up reaches it once it is.
                typeahead.append(data);
            }
        }

        private void collectAnswer(String data) {
            for (int i = 0; i < data.length(); i++) {
                char c = data.charAt(i);
                if (c == '\r' || c == '\n') {
                    ctx.terminal().write("\r\n");
                    Consumer<String> a = pendingAnswer;
                    String text = answer.toString();
                    pendingAnswer = null;
                    answer.setLength(0);
                    String rest = data.substring(i + 1);
                    a.accept(text);
                    if (!rest.isEmpty()) input(rest); // typed ahead: the next prompt or the shell gets it
                    return;
                } else if (c == 0x03) {
                    ctx.println("^C");
                    pendingAnswer = null;
                    answer.setLength(0);
                    if (session != null) session.close();
                    end();
                    return;
                } else if (c == 0x7f || c == 0x08) {
                    if (answer.length() > 0) {
                        answer.setLength(answer.length() - 1);
                        if (pendingEcho) ctx.terminal().write("\b \b");
                    }
                } else if (c >= 0x20) {
                    answer.append(c);
                    if (pendingEcho) ctx.terminal().write(String.valueOf(c));
                }
            }
        }

        @Override
        public void resized(int columns, int rows) {
            if (session != null && !ended) session.resize(columns, rows);
        }

        @Override
        public void progress(String message) {
            ctx.println(message);
        }

        @Override
        public void output(String text) {
            interactive = true;
            ctx.terminal().write(text);
            if (typeahead.length() > 0 && session != null && !ended) {
                String keys = typeahead.toString();
                typeahead.setLength(0);
                session.input(keys);
            }
        }

        @Override
        public void confirmHostKey(String host, String keyType, String fingerprint, Consumer<Boolean> answer) {
            ctx.println("The authenticity of host '" + host + "' can't be established.");
            ctx.println(keyType + " key fingerprint is " + fingerprint + ".");
            ctx.terminal().write("Are you sure you want to continue connecting (yes/no)? ");
            pendingEcho = true;
            pendingAnswer = text -> answer.accept(text.trim().equalsIgnoreCase("yes"));
        }

        @Override
        public void prompt(String prompt, boolean echo, Consumer<String> answer) {
            ctx.terminal().write(prompt);
            pendingEcho = echo;
            pendingAnswer = answer;
        }

        @Override
        public void closed(Integer exitStatus, String error) {
            if (ended) return;
            if (error != null) ctx.println("\r\nssh: " + error);
            else if (exitStatus != null && exitStatus != 0) ctx.println("\r\n[exit status " + exitStatus + "]");
            else ctx.println("");
            end();
        }

        void end() {
            if (!ended) {
                ended = true;
                ctx.finish();
            }
        }
    }
}
