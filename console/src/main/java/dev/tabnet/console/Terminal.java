package dev.tabnet.console;

/** What the console needs from a terminal: xterm.js in the page, a plain stream on the JVM, a buffer in tests. */
public interface Terminal {
    /** Writes text that may contain ANSI escape sequences; line ends must be "\r\n". */
    void write(String text);

    int columns();

    int rows();
}
