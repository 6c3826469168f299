package dev.tabnet.console;

/** What a running command may do to the console. */
public interface CommandContext {
    Terminal terminal();

    default void println(String line) {
        terminal().write(line + "\r\n");
    }

    /** Ends the foreground job and shows the prompt again. */
    void finish();

    /** Clears the screen (the `clear` command). */
    void clearScreen();
}
