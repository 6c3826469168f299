package dev.tabnet.server;

import dev.tabnet.core.ProductInfo;
import dev.tabnet.server.control.Ts2021Server;
import dev.tabnet.server.derp.DerpMount;
import dev.tabnet.server.derp.DerpRelay;
import dev.tabnet.server.login.OperatorCredential;
import dev.tabnet.server.machine.DerpRegion;
import dev.tabnet.server.node.BuiltInNode;
import dev.tabnet.server.tailnet.AclPolicy;
import java.net.URI;
import java.nio.file.Path;
import dev.tabnet.server.web.PageHosting;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The embedded default server: hosts the page and the Wasm client, and the WebSocket endpoints the
 * tab talks to. One process, one command; Ctrl-C stops it cleanly.
 */
public final class ServerStub implements AutoCloseable {
    private final ServerConfig config;
    private final Server server = new Server();
    private ServerConnector connector;
    private ControlPlane control;
    private Ts2021Server ts2021;
    private String operatorPasswordShown;
    private final DerpRelay derp;
    private final boolean relayFollowsControl;
    private BuiltInNode node;
    /** False when the control plane was handed in: it outlives this server and the caller closes it. */
    private boolean ownsControl = true;

    /** The product: the relay admits only keys the control plane knows (as headscale's verify_clients). */
    public ServerStub(ServerConfig config) {
        this.config = config;
        this.derp = DerpRelay.withNewKey();
        this.relayFollowsControl = true;
    }

    /**
     * With a given DERP relay (tests pass one with their own key, config or admission); it is not
     * tied to the control plane, so its admission stays as set.
     */
    public ServerStub(ServerConfig config, DerpRelay derp) {
        this.config = config;
        this.derp = derp;
        this.relayFollowsControl = false;
    }

    /**
     * A restart that keeps the control state (registered nodes, keys, addresses), as a server with a
     * state file would: a new HTTP server over an existing control plane, which close() leaves open.
     * The relay is tied to it as in the product; the Noise control key is new, as after a restart.
     */
    public ServerStub(ServerConfig config, ControlPlane survivingControl) {
        this(config);
        this.control = survivingControl;
        this.ownsControl = false;
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (ServerConfig.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ServerStub stub = new ServerStub(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stub.close();
            System.out.println("tabnet server-stub stopped");
        }, "shutdown"));
        stub.start();
        System.out.println(ProductInfo.NAME + " server-stub " + ProductInfo.VERSION + " listening");
        System.out.println("open " + stub.pageUrl() + " (Ctrl-C to stop)");
        System.out.println("DERP relay on " + stub.pageUrl().replaceFirst("^http", "ws") + "derp (server key "
                + dev.tabnet.core.util.Hex.encode(stub.derp.publicKey()) + ")");
        if (stub.operatorPasswordShown != null) {
            System.out.println("operator password for this run (approves phone logins; node list at " + stub.publicUrl()
                    + "nodes): " + stub.operatorPasswordShown);
        }
        if (stub.node != null) for (String line : stub.node.describe()) System.out.println(line);
        stub.server.join();
    }

    public ServerStub start() throws Exception {
        connector = new ServerConnector(server);
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMillis());
        connector.addBean(new FirstRequestDeadline(connector, config.requestHeadTimeoutMillis()));
        server.addConnector(connector);

        connector.open(); // binds the port now, so a --port 0 server knows its URL for the control plane
        if (control == null) control = new ControlPlane(publicUrl(), operatorCredential(), aclPolicy(), config.dnsDomain(), derpRegion());
        if (relayFollowsControl) RelayAdmission.tie(derp, control.tailnet);

        ContextHandler root = new ContextHandler("/");
        ts2021 = new Ts2021Server(control);
        server.addBean(ts2021);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, root, container -> {
            ts2021.addWebSocketMappings(container);
            DerpMount.addWebSocketMapping(container, derp);
        });
        Handler.Sequence pages = new Handler.Sequence(control.pageHandlers());
        pages.addHandler(PageHosting.pageHandler(server));
        ws.setHandler(ts2021.wrap(DerpMount.wrapHttp(derp, pages)));
        root.setHandler(ws);
        PageHosting.registerMimeTypes(root);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(PageHosting.webjarsContext(server));
        contexts.addHandler(root);
        server.setHandler(contexts);
        server.start();
        if (config.nodeName() != null) {
            node = BuiltInNode.start(control, config.nodeName(), config.forwards(), derp, forwardHostKeys());
        }
        return this;
    }

    /** --forward-host-keys: "keytype base64" lines (comments, blanks and known_hosts host fields dropped). */
    private java.util.List<String> forwardHostKeys() throws java.io.IOException {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (config.forwardHostKeysFile() == null) return out;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(config.forwardHostKeysFile()))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#")) continue;
            int t = f[0].startsWith("ssh-") || f[0].startsWith("ecdsa-") ? 0 : 1; // ssh-keyscan lines start with the host
            if (t + 1 < f.length) out.add(f[t] + " " + f[t + 1]);
        }
        if (out.isEmpty()) throw new java.io.IOException("no public keys in " + config.forwardHostKeysFile());
        return out;
    }

    /** The built-in tailnet node, or null when not configured (--node / --forward). */
    public BuiltInNode builtInNode() {
        return node;
    }

    /** The DERP relay on /derp (WebSocket subprotocol derp, or HTTP Upgrade: DERP). */
    public DerpRelay derpRelay() {
        return derp;
    }

    /** The control plane: tailnet registry, logins, register/map services. */
    public ControlPlane control() {
        return control;
    }

    /** The ts2021 transport: /key, /ts2021 and HTTP/2 inside Noise. */
    public Ts2021Server ts2021() {
        return ts2021;
    }

    /** Base URL (with trailing slash) that login links and the relay map use. */
    public String publicUrl() {
        String u = config.publicUrl() != null ? config.publicUrl() : pageUrl();
        return u.endsWith("/") ? u : u + "/";
    }

    private OperatorCredential operatorCredential() throws java.io.IOException {
        if (config.operatorPasswordFile() != null) return OperatorCredential.fromFile(Path.of(config.operatorPasswordFile()));
        if (config.operatorPassword() != null) return OperatorCredential.of(config.operatorPassword());
        operatorPasswordShown = OperatorCredential.randomPassword();
        return OperatorCredential.generated(operatorPasswordShown);
    }

    private AclPolicy aclPolicy() throws java.io.IOException {
        return config.aclFile() == null ? AclPolicy.allowAll() : AclPolicy.load(Path.of(config.aclFile()));
    }

    private DerpRegion derpRegion() {
        URI u = URI.create(publicUrl());
        boolean tls = "https".equals(u.getScheme());
        int port = u.getPort() > 0 ? u.getPort() : (tls ? 443 : 80);
        return new DerpRegion(DerpRegion.DEFAULT_REGION_ID, "tabnet", "tabnet relay", u.getHost(), port, tls);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The HTTP connector's idle timeout (WebSocket and upgraded sessions set their own). */
    public long idleTimeoutMillis() {
        return connector.getIdleTimeout();
    }

    public String pageUrl() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        if (host.equals("0.0.0.0")) host = "127.0.0.1";
        return "http://" + host + ":" + port() + "/";
    }

    /** Stops this server but leaves its control plane running, for {@link #ServerStub(ServerConfig, ControlPlane)}. */
    public ControlPlane stopKeepingControl() {
        ownsControl = false;
        close();
        return control;
    }

    @Override
    public void close() {
        if (node != null) node.close();
        derp.close(); // first: clients hear Restarting while the server still runs
        if (control != null && ownsControl) control.close();
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("error while stopping: " + e);
        }
    }
}
