package dev.tabnet.console;

import java.util.List;

/** Commands that need nothing but the console itself. */
final class BuiltinCommands {
    private BuiltinCommands() {}

    static final class Help implements Command {
        private final Shell shell;

        Help(Shell shell) {
            this.shell = shell;
        }

        @Override public String name() { return "help"; }
        @Override public String summary() { return "list commands"; }

        @Override
        public Job run(List<String> args, CommandContext ctx) {
            int width = 0;
            for (Command c : shell.commands().values()) width = Math.max(width, c.usage().length());
            for (Command c : shell.commands().values()) {
                StringBuilder line = new StringBuilder("  ").append(c.usage());
                while (line.length() < width + 4) line.append(' ');
                ctx.println(line.append(c.summary()).toString());
            }
            return null;
        }
    }

    static final class Version implements Command {
        private final String version;

        Version(String version) {
            this.version = version;
        }

        @Override public String name() { return "version"; }
        @Override public String summary() { return "show the client version"; }

        @Override
        public Job run(List<String> args, CommandContext ctx) {
            ctx.println(version);
            return null;
        }
    }

    static final class Clear implements Command {
        @Override public String name() { return "clear"; }
        @Override public String summary() { return "clear the screen"; }

        @Override
        public Job run(List<String> args, CommandContext ctx) {
            ctx.clearScreen();
            return null;
        }
    }
}
