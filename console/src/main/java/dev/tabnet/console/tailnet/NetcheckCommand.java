package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/** `netcheck`: latency to each relay region (the browser has no UDP, so only DERP is measured). */
final class NetcheckCommand implements Command {
    private final Tailnet net;

    NetcheckCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "netcheck"; }
    @Override public String summary() { return "measure relay (DERP) latency"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        if (!TailnetCommands.requireRunning(net, ctx)) return null;
        ctx.println("Report:");
        ctx.println("  * UDP: false (browser tabs reach peers only through DERP relays)");
        ctx.println("  * DERP latency:");
        boolean[] finished = new boolean[1];
        Tailnet.Cancellable c = net.netcheck(new Tailnet.NetcheckListener() {
            @Override
            public void region(int regionId, String regionName, double latencyMillis, boolean preferred) {
                ctx.println("    - " + TailnetCommands.pad(regionName + " (" + regionId + "):", 24)
                        + PingCommand.formatMillis(latencyMillis) + (preferred ? "  (home)" : ""));
            }

            @Override
            public void done(String error) {
                if (error != null) ctx.println("netcheck: " + error);
                finished[0] = true;
                ctx.finish();
            }
        });
        if (finished[0]) return null;
        return data -> {
            if (data.indexOf('\u0003') >= 0 && !finished[0]) {
                c.cancel();
                finished[0] = true;
                ctx.finish();
            }
        };
    }
}
