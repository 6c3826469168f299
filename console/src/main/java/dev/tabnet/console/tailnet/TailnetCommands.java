package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import dev.tabnet.console.Shell;
import java.util.ArrayList;
import java.util.List;

/** Registers the tailscale-like commands on a shell. */
public final class TailnetCommands {
    private TailnetCommands() {}

    public static void register(Shell shell, Tailnet net) {
        shell.register(new StatusCommand(net));
        shell.register(new IpCommand(net));
        shell.register(new WhoisCommand(net));
        shell.register(new PingCommand(net));
        shell.register(new SshCommand(net));
        shell.register(new ScpCommand(net));
        shell.register(new SshKeyCommand(net));
        shell.register(new NetcheckCommand(net));
        shell.register(new Simple("up", "connect this tab to the tailnet", net::up, net));
        shell.register(new Simple("down", "disconnect (keeps the keys until the tab closes)", net::down, net));
        shell.register(new Simple("logout", "log this node out; the server forgets it", net::logout, net));
    }

    /** Peer names for completion. */
    static List<String> peerNames(Tailnet net) {
        List<String> names = new ArrayList<>();
        for (PeerInfo p : net.peers()) names.add(p.name);
        return names;
    }

    static PeerInfo findPeer(Tailnet net, String query) {
        for (PeerInfo p : net.peers()) if (p.matches(query)) return p;
        PeerInfo self = net.self();
        return self != null && self.matches(query) ? self : null;
    }

    static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) b.append(' ');
        return b.toString();
    }

    /** A command that needs the node to be running prints why it cannot run yet. */
    static boolean requireRunning(Tailnet net, CommandContext ctx) {
        if (net.state() == Tailnet.State.RUNNING) return true;
        String detail = net.stateDetail();
        ctx.println("not connected to the tailnet (" + net.state().name().toLowerCase().replace('_', ' ')
                + (detail == null || detail.isEmpty() ? "" : ": " + detail) + ")");
        return false;
    }

    static final class Simple implements Command {
        private final String name, summary;
        private final Runnable action;
        private final Tailnet net;

        Simple(String name, String summary, Runnable action, Tailnet net) {
            this.name = name;
            this.summary = summary;
            this.action = action;
            this.net = net;
        }

        @Override public String name() { return name; }
        @Override public String summary() { return summary; }

        @Override
        public Job run(List<String> args, CommandContext ctx) {
            action.run();
            ctx.println(name + ": " + net.state().name().toLowerCase().replace('_', ' '));
            return null;
        }
    }
}
