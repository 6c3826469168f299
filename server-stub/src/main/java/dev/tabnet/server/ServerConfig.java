package dev.tabnet.server;

import dev.tabnet.server.node.ForwardSpec;

/**
 * Start-up settings. Each can be given as a command-line flag or an environment variable; flags win.
 * <pre>
 *   --port N     / TABNET_PORT   HTTP port (default 8080; 0 picks a free one)
 *   --bind ADDR  / TABNET_BIND   listen address (default 127.0.0.1)
 *   --public-url URL / TABNET_PUBLIC_URL   how phones and tabs reach this server (default: the page URL)
 *   --operator-password-file F / TABNET_OPERATOR_PASSWORD_FILE   approves logins (or TABNET_OPERATOR_PASSWORD;
 *                                default: a random password for this run, printed once at start)
 *   --acl FILE   / TABNET_ACL    ACL policy (default: everyone may reach everyone)
 *   --dns-domain D / TABNET_DNS_DOMAIN  MagicDNS domain (default tabnet.internal)
 *   --node NAME  / TABNET_NODE   run the built-in tailnet node under this MagicDNS name (default off)
 *   --forward PORT=HOST:PORT / TABNET_FORWARD (space or comma separated)   repeatable: the built-in
 *                node forwards its tailnet PORT to HOST:PORT (implies --node server)
 *   --forward-host-keys FILE / TABNET_FORWARD_HOST_KEYS   public host keys of the forwarded sshd
 *                (e.g. /etc/ssh/ssh_host_*_key.pub concatenated), reported as Hostinfo.SSH_HostKeys
 * </pre>
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 30_000;
    public static final long DEFAULT_REQUEST_HEAD_TIMEOUT_MILLIS = 10_000;

    private int port = DEFAULT_PORT;
    private String forwardHostKeysFile;
    private String bind = DEFAULT_BIND;
    private String publicUrl;
    private String operatorPasswordFile;
    private String operatorPassword;
    private String aclFile;
    private String dnsDomain = dev.tabnet.server.tailnet.MagicDns.DEFAULT_DOMAIN;
    /** HTTP connections with no traffic for this long are closed (Jetty's own default, made explicit). */
    private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
    /** A new connection must deliver its first complete request head within this (slowloris). */
    private long requestHeadTimeoutMillis = DEFAULT_REQUEST_HEAD_TIMEOUT_MILLIS;
    private String nodeName;
    private final java.util.List<ForwardSpec> forwards = new java.util.ArrayList<>();
    /** The built-in node's name when only --forward is given. */
    public static final String DEFAULT_NODE_NAME = "server";

    public static ServerConfig defaults() {
        return new ServerConfig();
    }

    public static ServerConfig parse(String[] args, java.util.Map<String, String> env) {
        ServerConfig c = new ServerConfig();
        if (env.containsKey("TABNET_PORT")) c.port = parsePort(env.get("TABNET_PORT"));
        if (env.containsKey("TABNET_BIND")) c.bind = env.get("TABNET_BIND");
        if (env.containsKey("TABNET_PUBLIC_URL")) c.publicUrl = env.get("TABNET_PUBLIC_URL");
        if (env.containsKey("TABNET_OPERATOR_PASSWORD_FILE")) c.operatorPasswordFile = env.get("TABNET_OPERATOR_PASSWORD_FILE");
        if (env.containsKey("TABNET_OPERATOR_PASSWORD")) c.operatorPassword = env.get("TABNET_OPERATOR_PASSWORD");
        if (env.containsKey("TABNET_ACL")) c.aclFile = env.get("TABNET_ACL");
        if (env.containsKey("TABNET_DNS_DOMAIN")) c.dnsDomain = env.get("TABNET_DNS_DOMAIN");
        if (env.containsKey("TABNET_NODE") && !env.get("TABNET_NODE").isBlank()) c.nodeName = nodeName(env.get("TABNET_NODE"));
        if (env.containsKey("TABNET_FORWARD")) {
            for (String f : env.get("TABNET_FORWARD").split("[\\s,]+")) if (!f.isEmpty()) c.forwards.add(forward(f));
        }
        if (env.containsKey("TABNET_FORWARD_HOST_KEYS")) c.forwardHostKeysFile = env.get("TABNET_FORWARD_HOST_KEYS");
        boolean forwardFlagSeen = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port": c.port = parsePort(value(args, ++i, a)); break;
                case "--bind": c.bind = value(args, ++i, a); break;
                case "--public-url": c.publicUrl = value(args, ++i, a); break;
                case "--operator-password-file": c.operatorPasswordFile = value(args, ++i, a); break;
                case "--acl": c.aclFile = value(args, ++i, a); break;
                case "--dns-domain": c.dnsDomain = value(args, ++i, a); break;
                case "--node": c.nodeName = nodeName(value(args, ++i, a)); break;
                case "--forward":
                    if (!forwardFlagSeen) c.forwards.clear(); // flags replace the environment's list
                    forwardFlagSeen = true;
                    c.forwards.add(forward(value(args, ++i, a)));
                    break;
                case "--forward-host-keys": c.forwardHostKeysFile = value(args, ++i, a); break;
                case "--help": case "-h": throw new UsageException(usage());
                default: throw new UsageException("unknown option " + a + "\n" + usage());
            }
        }
        if (!c.forwards.isEmpty() && c.nodeName == null) c.nodeName = DEFAULT_NODE_NAME;
        return c;
    }

    private static String nodeName(String s) {
        String n = s.trim();
        if (n.isEmpty()) throw new UsageException("--node needs a name");
        return n;
    }

    private static ForwardSpec forward(String s) {
        try {
            return ForwardSpec.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public static String usage() {
        return "usage: java -jar server-stub.jar [--port N] [--bind ADDR] [--public-url URL]\n"
                + "         [--operator-password-file FILE] [--acl FILE] [--dns-domain DOMAIN]\n"
                + "         [--node NAME] [--forward PORT=HOST:PORT]...\n"
                + "  --port N     HTTP port (default " + DEFAULT_PORT + ", 0 = any free port; env TABNET_PORT)\n"
                + "  --bind ADDR  listen address (default " + DEFAULT_BIND + "; env TABNET_BIND)\n"
                + "  --public-url URL  address phones and tabs use to reach this server, put in login links and the\n"
                + "               relay map (default: the page URL; env TABNET_PUBLIC_URL)\n"
                + "  --operator-password-file FILE  the password that approves logins (env TABNET_OPERATOR_PASSWORD_FILE,\n"
                + "               or TABNET_OPERATOR_PASSWORD); without one a random password is made and printed\n"
                + "  --acl FILE   ACL policy, JSON with comments (default: all nodes may reach each other; env TABNET_ACL)\n"
                + "  --dns-domain DOMAIN  MagicDNS domain (default " + dev.tabnet.server.tailnet.MagicDns.DEFAULT_DOMAIN + "; env TABNET_DNS_DOMAIN)\n"
                + "  --node NAME  also run a tailnet node in this process, named NAME in MagicDNS, tagged " + dev.tabnet.server.node.BuiltInNode.TAG + "\n"
                + "               (default off; env TABNET_NODE)\n"
                + "  --forward PORT=HOST:PORT  the built-in node passes connections to its tailnet PORT on to HOST:PORT,\n"
                + "               e.g. 22=127.0.0.1:22; repeatable; implies --node " + DEFAULT_NODE_NAME + " (env TABNET_FORWARD, space separated)\n"
                + "  --forward-host-keys FILE  public host keys of the forwarded sshd, one per line (e.g. the\n"
                + "               /etc/ssh/ssh_host_*_key.pub files concatenated); tabs then check them without asking\n"
                + "               (env TABNET_FORWARD_HOST_KEYS)";
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
    /** Null when not configured: the server then uses its page URL. */
    public String publicUrl() { return publicUrl; }
    public String operatorPasswordFile() { return operatorPasswordFile; }
    public String operatorPassword() { return operatorPassword; }
    public String aclFile() { return aclFile; }
    public String dnsDomain() { return dnsDomain; }
    public long idleTimeoutMillis() { return idleTimeoutMillis; }
    public long requestHeadTimeoutMillis() { return requestHeadTimeoutMillis; }
    /** Null when the built-in node is off. */
    public String nodeName() { return nodeName; }
    public java.util.List<ForwardSpec> forwards() { return java.util.List.copyOf(forwards); }
    /** Null when not configured. */
    public String forwardHostKeysFile() { return forwardHostKeysFile; }
    public ServerConfig forwardHostKeys(String file) { this.forwardHostKeysFile = file; return this; }

    public ServerConfig port(int p) { this.port = p; return this; }
    public ServerConfig bind(String b) { this.bind = b; return this; }
    public ServerConfig publicUrl(String u) { this.publicUrl = u; return this; }
    public ServerConfig operatorPassword(String pw) { this.operatorPassword = pw; return this; }
    public ServerConfig aclFile(String f) { this.aclFile = f; return this; }
    public ServerConfig idleTimeoutMillis(long ms) { this.idleTimeoutMillis = ms; return this; }
    public ServerConfig requestHeadTimeoutMillis(long ms) { this.requestHeadTimeoutMillis = ms; return this; }
    public ServerConfig node(String name) { this.nodeName = name; return this; }
    public ServerConfig forward(ForwardSpec f) { this.forwards.add(f); if (nodeName == null) nodeName = DEFAULT_NODE_NAME; return this; }

    /** Bad command line: the message is meant for the user. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
