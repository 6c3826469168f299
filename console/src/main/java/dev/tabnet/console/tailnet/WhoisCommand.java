package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/** `whois <ip|name>`: which node and user an address belongs to. */
final class WhoisCommand implements Command {
    private final Tailnet net;

    WhoisCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "whois"; }
    @Override public String summary() { return "show the node and user behind an address"; }
    @Override public String usage() { return "whois <ip>"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        if (args.size() != 1) {
            ctx.println("usage: " + usage());
            return null;
        }
        PeerInfo p = TailnetCommands.findPeer(net, args.get(0));
        if (p == null) {
            ctx.println("whois: " + args.get(0) + " is not a node of this tailnet");
            return null;
        }
        ctx.println("Machine:");
        ctx.println("  Name:      " + p.dnsName);
        ctx.println("  Addresses: " + String.join(", ", p.addresses));
        ctx.println("  OS:        " + p.os);
        ctx.println("User:");
        ctx.println("  Name:      " + p.user);
        return null;
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        return TailnetCommands.peerNames(net);
    }
}
