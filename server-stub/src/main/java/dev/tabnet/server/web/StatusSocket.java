package dev.tabnet.server.web;

import dev.tabnet.core.ProductInfo;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A WebSocket the page keeps open to show that the server is reachable (and which one it is). */
public final class StatusSocket implements Session.Listener.AutoDemanding {
    @Override
    public void onWebSocketOpen(Session session) {
        session.sendText("server " + ProductInfo.NAME + " " + ProductInfo.VERSION, Callback.NOOP);
    }
}
