package dev.tabnet.server;

import dev.tabnet.core.ProductInfo;
import dev.tabnet.server.control.ControlPlane;
import dev.tabnet.server.web.PageHosting;
import dev.tabnet.server.web.StatusSocket;
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
    private final ControlPlane control = new ControlPlane();
    private ServerConnector connector;

    public ServerStub(ServerConfig config) {
        this.config = config;
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
        stub.server.join();
    }

    public ServerStub start() throws Exception {
        connector = new ServerConnector(server);
        connector.setHost(config.bind());
        connector.setPort(config.port());
        server.addConnector(connector);

        ContextHandler root = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, root, container -> {
            container.addMapping("/status", (req, resp, cb) -> new StatusSocket());
            control.addWebSocketMappings(container);
        });
        server.addBean(control);
        ws.setHandler(control.wrap(PageHosting.pageHandler(server)));
        root.setHandler(ws);
        PageHosting.registerMimeTypes(root);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(PageHosting.webjarsContext(server));
        contexts.addHandler(root);
        server.setHandler(contexts);
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String pageUrl() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        if (host.equals("0.0.0.0")) host = "127.0.0.1";
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("error while stopping: " + e);
        }
    }
}
