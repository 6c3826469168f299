package dev.tabnet.console;

/**
 * A running foreground command. While a job runs, keystrokes go to it (an SSH session wants raw
 * keys) instead of the line editor. It tells the shell it has ended through {@link CommandContext#finish}.
 */
public interface Job {
    /** Raw terminal input while the job is in the foreground. Ctrl-C arrives here as "\u0003". */
    void input(String data);

    /** The terminal was resized while this job had the foreground. */
    default void resized(int columns, int rows) {}
}
