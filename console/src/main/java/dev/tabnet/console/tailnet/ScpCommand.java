package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/**
 * `scp [-P port] [user@]host:path`: downloads one file from a peer over SSH (the classic scp
 * protocol) and hands it to the page, which saves it. Host key and password prompts as for ssh;
 * a progress line while it runs; Ctrl-C cancels.
 */
final class ScpCommand implements Command {
    private final Tailnet net;

    ScpCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "scp"; }
    @Override public String summary() { return "download a file from a peer over SSH (Ctrl-C cancels)"; }
    @Override public String usage() { return "scp [-P port] [user@]host:path"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        int port = 22;
        int i = 0;
        if (i + 1 < args.size() && args.get(i).equals("-P")) {
            try {
                port = Integer.parseInt(args.get(i + 1));
                if (port < 1 || port > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                ctx.println("scp: bad port " + args.get(i + 1));
                return null;
            }
            i += 2;
        }
        if (i != args.size() - 1) {
            ctx.println("usage: " + usage());
            return null;
        }
        ScpRequest req = parse(args.get(i), port);
        if (req == null) {
            ctx.println("scp: " + args.get(i) + " is not [user@]host:path (this tab can only download from a peer)");
            return null;
        }
        if (req.path.isEmpty()) {
            ctx.println("scp: give the file's path after the colon, e.g. " + req.host + ":/etc/hostname");
            return null;
        }
        if (!TailnetCommands.requireRunning(net, ctx)) return null;
        ScpJob job = new ScpJob(ctx);
        job.session = net.scp(req, job);
        return job.ended ? null : job;
    }

    /**
     * "[user@]host:path" with the host possibly in brackets ("[fd7a::1]:path"); null without a host
     * part (a colon before any '/', as OpenSSH's scp decides). Without a user, root, as for ssh.
     */
    static ScpRequest parse(String arg, int port) {
        int colon = -1;
        boolean bracket = false;
        for (int j = 0; j < arg.length(); j++) {
            char c = arg.charAt(j);
            if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (c == '/' && !bracket) return null;
            else if (c == ':' && !bracket) {
                colon = j;
                break;
            }
        }
        if (colon <= 0) return null;
        String hostPart = arg.substring(0, colon);
        String user = "root";
        int at = hostPart.lastIndexOf('@');
        if (at >= 0) {
            user = hostPart.substring(0, at);
            hostPart = hostPart.substring(at + 1);
        }
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) hostPart = hostPart.substring(1, hostPart.length() - 1);
        if (hostPart.isEmpty() || user.isEmpty()) return null;
        return new ScpRequest(user, hostPart, port, arg.substring(colon + 1));
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        int at = prefix.lastIndexOf('@');
        List<String> out = new java.util.ArrayList<>();
        for (String n : TailnetCommands.peerNames(net)) out.add(prefix.substring(0, at + 1) + n + ":");
        return out;
    }

    /** The foreground side: prompts as for ssh (inherited), then one progress line updated in place. */
    static final class ScpJob extends SshCommand.SshJob implements ScpListener {
        private boolean progressShown;

        ScpJob(CommandContext ctx) {
            super(ctx);
        }

        @Override
        public void output(String text) {
            ctx.terminal().write(text); // a banner; the download itself is not text
        }

        @Override
        public void input(String data) {
            if (data.indexOf('\u0003') >= 0) clearProgress(); // "^C" on a line of its own
            super.input(data);
        }

        @Override
        public void receiving(String fileName, long size) {
            ctx.println("receiving " + fileName + " (" + bytes(size) + ")");
        }

        @Override
        public void received(long bytes, long size, long elapsedNanos) {
            if (ended) return;
            StringBuilder b = new StringBuilder("\r\u001b[K  ").append(bytes(bytes)).append(" of ").append(bytes(size));
            if (size > 0) b.append("  ").append(bytes * 100 / size).append('%');
            b.append("  ").append(rate(bytes, elapsedNanos));
            ctx.terminal().write(b.toString());
            progressShown = true;
        }

        @Override
        public void saved(String fileName, long size, long elapsedNanos) {
            clearProgress();
            ctx.println("saved " + fileName + ": " + bytes(size) + " in " + seconds(elapsedNanos) + " (" + rate(size, elapsedNanos) + ")");
        }

        @Override
        public void closed(Integer exitStatus, String error) {
            if (ended) return;
            clearProgress();
            if (error != null) ctx.println("scp: " + error);
            end();
        }

        private void clearProgress() {
            if (progressShown) ctx.terminal().write("\r\u001b[K");
            progressShown = false;
        }
    }

    /** "512 B", "1.5 kB", "20.0 MB", "1.2 GB" (decimal units, as the MB/s figures). */
    static String bytes(long n) {
        if (n < 1000) return n + " B";
        if (n < 1_000_000) return tenths(n / 1e3) + " kB";
        if (n < 1_000_000_000) return tenths(n / 1e6) + " MB";
        return tenths(n / 1e9) + " GB";
    }

    static String rate(long bytes, long nanos) {
        if (nanos <= 0) return "- MB/s";
        return tenths(bytes / 1e6 / (nanos / 1e9)) + " MB/s";
    }

    static String seconds(long nanos) {
        long hundredths = Math.round(nanos / 1e7);
        long frac = hundredths % 100;
        return (hundredths / 100) + "." + (frac < 10 ? "0" : "") + frac + " s";
    }

    static String tenths(double x) {
        long t = Math.round(x * 10);
        return (t / 10) + "." + (t % 10);
    }
}
