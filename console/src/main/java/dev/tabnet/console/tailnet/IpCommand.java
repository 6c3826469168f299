package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/** `ip [-4|-6] [peer]`: tailnet addresses of this node or a peer. */
final class IpCommand implements Command {
    private final Tailnet net;

    IpCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "ip"; }
    @Override public String summary() { return "show tailnet addresses"; }
    @Override public String usage() { return "ip [-4|-6] [peer]"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        boolean only4 = args.contains("-4"), only6 = args.contains("-6");
        String target = null;
        for (String a : args) if (!a.startsWith("-")) target = a;
        PeerInfo p = target == null ? net.self() : TailnetCommands.findPeer(net, target);
        if (p == null) {
            ctx.println(target == null ? "this node has no addresses yet (not logged in)" : "ip: no peer named " + target);
            return null;
        }
        for (String addr : p.addresses) {
            boolean v6 = addr.indexOf(':') >= 0;
            if ((only4 && v6) || (only6 && !v6)) continue;
            ctx.println(addr);
        }
        return null;
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        return TailnetCommands.peerNames(net);
    }
}
