package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/** `ping [-c N] <peer>`: ICMP echo through the tunnel, with RTT and the relay it went through. */
final class PingCommand implements Command {
    private final Tailnet net;

    PingCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "ping"; }
    @Override public String summary() { return "ping a peer through the tunnel (Ctrl-C stops)"; }
    @Override public String usage() { return "ping [-c N] <peer>"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        int count = 4;
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c") && i + 1 < args.size()) {
                try {
                    count = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    ctx.println("ping: bad count " + args.get(i));
                    return null;
                }
            } else {
                target = a;
            }
        }
        if (target == null || count < 1) {
            ctx.println("usage: " + usage());
            return null;
        }
        if (!TailnetCommands.requireRunning(net, ctx)) return null;
        Tailnet.Cancellable[] handle = new Tailnet.Cancellable[1];
        boolean[] finished = new boolean[1];
        handle[0] = net.ping(target, count, new Tailnet.PingListener() {
            @Override
            public void reply(String address, int seq, double rttMillis, String path) {
                ctx.println("pong from " + address + " seq=" + seq + " " + path + " in " + formatMillis(rttMillis));
            }

            @Override
            public void timeout(int seq) {
                ctx.println("timeout waiting for seq=" + seq);
            }

            @Override
            public void done(String error) {
                if (error != null) ctx.println("ping: " + error);
                finished[0] = true;
                ctx.finish();
            }
        });
        if (finished[0]) return null;
        return data -> {
            if (data.indexOf('\u0003') >= 0) {
                handle[0].cancel();
                if (!finished[0]) {
                    finished[0] = true;
                    ctx.println("^C");
                    ctx.finish();
                }
            }
        };
    }

    static String formatMillis(double ms) {
        long tenths = Math.round(ms * 10);
        return (tenths / 10) + "." + (tenths % 10) + "ms";
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        return TailnetCommands.peerNames(net);
    }
}
