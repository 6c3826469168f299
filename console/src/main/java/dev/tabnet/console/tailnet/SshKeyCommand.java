package dev.tabnet.console.tailnet;

import dev.tabnet.console.Command;
import dev.tabnet.console.CommandContext;
import dev.tabnet.console.Job;
import java.util.List;

/**
 * `ssh-key [-l]`: the public half of the key this tab made for SSH, ready to paste into a host's
 * ~/.ssh/authorized_keys; {@code ssh} offers it before asking for a password. The key lives in the
 * tab's memory only, so a new tab has a new key.
 */
final class SshKeyCommand implements Command {
    private final Tailnet net;

    SshKeyCommand(Tailnet net) {
        this.net = net;
    }

    @Override public String name() { return "ssh-key"; }
    @Override public String summary() { return "show this tab's SSH public key (for authorized_keys)"; }
    @Override public String usage() { return "ssh-key [-l]"; }

    @Override
    public Job run(List<String> args, CommandContext ctx) {
        for (String a : args) {
            if (!a.equals("-l")) {
                ctx.println("usage: " + usage() + "   (-l: the fingerprint only)");
                return null;
            }
        }
        SshKeyInfo key = net.sshKey();
        if (key == null) {
            ctx.println("ssh-key: this tab has no SSH key");
            return null;
        }
        if (args.contains("-l")) {
            ctx.println("256 " + key.fingerprint + " (ED25519)");
            return null;
        }
        ctx.println(key.authorizedKeysLine);
        ctx.println("");
        ctx.println("fingerprint " + key.fingerprint);
        ctx.println("Append the line above to ~/.ssh/authorized_keys on a host, and ssh from this tab logs in");
        ctx.println("without a password. The key exists only in this tab's memory: a new tab makes a new one.");
        return null;
    }

    @Override
    public List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        return argIndex == 0 ? List.of("-l") : List.of();
    }
}
