package dev.tabnet.server;

/**
 * Start-up settings. Each can be given as a command-line flag or an environment variable; flags win.
 * <pre>
 *   --port N     / TABNET_PORT   HTTP port (default 8080; 0 picks a free one)
 *   --bind ADDR  / TABNET_BIND   listen address (default 127.0.0.1)
 * </pre>
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";

    private int port = DEFAULT_PORT;
    private String bind = DEFAULT_BIND;

    public static ServerConfig defaults() {
        return new ServerConfig();
    }

    public static ServerConfig parse(String[] args, java.util.Map<String, String> env) {
        ServerConfig c = new ServerConfig();
        if (env.containsKey("TABNET_PORT")) c.port = parsePort(env.get("TABNET_PORT"));
        if (env.containsKey("TABNET_BIND")) c.bind = env.get("TABNET_BIND");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port": c.port = parsePort(value(args, ++i, a)); break;
                case "--bind": c.bind = value(args, ++i, a); break;
                case "--help": case "-h": throw new UsageException(usage());
                default: throw new UsageException("unknown option " + a + "\n" + usage());
            }
        }
        return c;
    }

    public static String usage() {
        return "usage: java -jar server-stub.jar [--port N] [--bind ADDR]\n"
                + "  --port N     HTTP port (default " + DEFAULT_PORT + ", 0 = any free port; env TABNET_PORT)\n"
                + "  --bind ADDR  listen address (default " + DEFAULT_BIND + "; env TABNET_BIND)";
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new UsageException(flag + " needs a value\n" + usage());
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid port: " + s);
        }
    }

    public int port() { return port; }
    public String bind() { return bind; }

    public ServerConfig port(int p) { this.port = p; return this; }
    public ServerConfig bind(String b) { this.bind = b; return this; }

    /** Bad command line: the message is meant for the user. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
