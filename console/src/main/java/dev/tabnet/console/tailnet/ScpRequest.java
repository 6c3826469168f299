package dev.tabnet.console.tailnet;

/** Parameters of `scp [-P port] [user@]host:path`: one file from a peer to this tab. */
public final class ScpRequest {
    public final String user;
    public final String host;
    public final int port;
    /** The file's path on the host, as typed (relative paths start in the user's home dir). */
    public final String path;

    public ScpRequest(String user, String host, int port, String path) {
        this.user = user;
        this.host = host;
        this.port = port;
        this.path = path;
    }
}
