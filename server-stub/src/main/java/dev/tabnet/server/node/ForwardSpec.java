package dev.tabnet.server.node;

/** {@code PORT=HOST:PORT}: a port on the built-in node and the local address its connections go to. */
public final class ForwardSpec {
    public final int tailnetPort;
    public final String targetHost;
    public final int targetPort;

    public ForwardSpec(int tailnetPort, String targetHost, int targetPort) {
        this.tailnetPort = tailnetPort;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Parses {@code 22=127.0.0.1:22} (an IPv6 host in brackets: {@code 22=[::1]:22}). */
    public static ForwardSpec parse(String text) {
        String s = text.trim();
        int eq = s.indexOf('=');
        int colon = s.lastIndexOf(':');
        if (eq <= 0 || colon <= eq + 1 || colon == s.length() - 1) {
            throw new IllegalArgumentException("forward must be PORT=HOST:PORT, got " + text);
        }
        String host = s.substring(eq + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty()) throw new IllegalArgumentException("forward has no host: " + text);
        return new ForwardSpec(port(s.substring(0, eq), text), host, port(s.substring(colon + 1), text));
    }

    private static int port(String p, String text) {
        try {
            int n = Integer.parseInt(p.trim());
            if (n < 1 || n > 65535) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + p + "' in forward " + text);
        }
    }

    @Override
    public String toString() {
        String h = targetHost.contains(":") ? "[" + targetHost + "]" : targetHost;
        return tailnetPort + "=" + h + ":" + targetPort;
    }
}
