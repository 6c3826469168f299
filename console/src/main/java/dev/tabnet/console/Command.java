package dev.tabnet.console;

import java.util.List;

/** One console command (`ping`, `ssh`, ...). */
public interface Command {
    String name();

    /** One-line description for `help`. */
    String summary();

    /** Usage line, e.g. "ping <peer>". */
    default String usage() {
        return name();
    }

    /**
     * Runs the command. A command that finishes later (network work) returns a {@link Job} that the
     * shell keeps in the foreground until it completes; a synchronous command returns null.
     */
    Job run(List<String> args, CommandContext ctx);

    /** Candidates for completing the argument at position argIndex (after the command name). */
    default List<String> complete(int argIndex, String prefix, CommandContext ctx) {
        return List.of();
    }
}
