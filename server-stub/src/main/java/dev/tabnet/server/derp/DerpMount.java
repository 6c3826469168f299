package dev.tabnet.server.derp;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/** Puts a relay on /derp of the existing Jetty server: a WebSocket mapping plus the HTTP handler. */
public final class DerpMount {
    private DerpMount() {}

    /** Adds the WebSocket mapping to container (the WebSocketUpgradeHandler's). */
    public static void addWebSocketMapping(ServerWebSocketContainer container, DerpRelay relay) {
        container.addMapping(DerpHttpHandler.PATH, DerpWebSocket.creator(relay));
    }

    /** Wraps the handler behind the WebSocketUpgradeHandler with the Upgrade: DERP / probe handler. */
    public static Handler wrapHttp(DerpRelay relay, Handler next) {
        return new DerpHttpHandler(relay, next);
    }
}
