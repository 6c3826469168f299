package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/** `status`: this node and its peers, one per line, like `tailscale status`. */
final class StatusCommand implements Command {
    private final Tailnet net;

    StatusCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "status"; }
    @Override public String summary() { return "show this node and its peers"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        PeerInfo self = net.self();
        if (net.state() != Tailnet.State.RUNNING || self == null) {
            String detail = net.stateDetail();
            ctx.println(net.state().name().toLowerCase().replace('_', ' ') + (detail == null || detail.isEmpty() ? "" : ": " + detail));
            if (self == null) return null;
        }
        ctx.println(row(self, "-"));
        for (PeerInfo p : net.peers()) ctx.println(row(p, p.online ? "online" : "offline"));
        if (net.peers().isEmpty()) ctx.println("# no peers yet");
        return null;
    }

    private static String row(PeerInfo p, String state) {
        return TailnetCommands.pad(p.firstAddress(), 17) + TailnetCommands.pad(p.name, 20)
                + TailnetCommands.pad(p.user, 14) + TailnetCommands.pad(p.os, 8) + state
                + (p.relay.isEmpty() ? "" : ", relay \"" + p.relay + "\"");
    }
}
