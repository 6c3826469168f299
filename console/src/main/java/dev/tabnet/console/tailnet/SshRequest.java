package dev.tabnet.console.tailnet;

/** Parameters of `ssh [user@]host [command]`. */
public final class SshRequest {
    public final String user;
    public final String host;
    public final int port;
    public final String command; // null for an interactive shell
    public final int columns;
    public final int rows;

    public SshRequest(String user, String host, int port, String command, int columns, int rows) {
        this.user = user;
        this.host = host;
        this.port = port;
        this.command = command;
        this.columns = columns;
        this.rows = rows;
    }
}
