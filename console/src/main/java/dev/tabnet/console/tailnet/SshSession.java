package dev.tabnet.console.tailnet;

/** A running SSH session, driven from the console. */
public interface SshSession {
    /** Keystrokes for the remote pty (already UTF-8 text from the terminal). */
    void input(String data);

    void resize(int columns, int rows);

    /** Closes the session (the console's Ctrl-] escape). */
    void close();
}
