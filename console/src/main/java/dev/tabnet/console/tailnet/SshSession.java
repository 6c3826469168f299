package dev.tabnet.console.tailnet;

/** A running SSH session, driven from the console. */
public interface SshSession {
    /** What a request that failed at once returns: it has ended, so input, resize and close do nothing. */
    SshSession ENDED = new SshSession() {
        @Override public void input(String data) {}
        @Override public void resize(int columns, int rows) {}
        @Override public void close() {}
    };

    /** Keystrokes for the remote pty (already UTF-8 text from the terminal). */
    void input(String data);

    void resize(int columns, int rows);

    /** Closes the session (the console's Ctrl-] escape). */
    void close();
}
