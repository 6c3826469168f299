package dev.tabnet.server.derp;

import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.util.Hex;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP side of /derp (the WebSocket side is a mapping on the WebSocketUpgradeHandler in front):
 * {@code Upgrade: DERP} gets 101 with Derp-Version and Derp-Public-Key and the connection becomes a
 * DERP stream; a plain GET gets 426; /derp/probe and /derp/latency-check answer 200 with CORS *.
 * (Derp-Fast-Start is not honoured: the 101 is always sent; Go clients use fast start only with a
 * TLS meta-certificate, which this relay does not have.)
 */
public final class DerpHttpHandler extends Handler.Wrapper {
    public static final String PATH = "/derp";
    private final DerpRelay relay;

    public DerpHttpHandler(DerpRelay relay, Handler next) {
        super(next);
        this.relay = relay;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals(PATH + "/probe") || path.equals(PATH + "/latency-check")) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.setStatus(200);
            callback.succeeded();
            return true;
        }
        if (!path.equals(PATH)) return super.handle(request, response, callback);
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase(DerpConstants.UPGRADE_TOKEN)) {
            response.setStatus(426);
            response.write(true, ByteBuffer.wrap("DERP requires connection upgrade".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        DerpUpgradeConnection derp = new DerpUpgradeConnection(endPoint, request.getComponents().getExecutor(), relay);
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, derp);
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.UPGRADE, DerpConstants.UPGRADE_TOKEN);
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(DerpConstants.DERP_VERSION_HEADER, Integer.toString(DerpConstants.PROTOCOL_VERSION));
        response.getHeaders().put(DerpConstants.DERP_PUBLIC_KEY_HEADER, Hex.encode(relay.publicKey()));
        callback.succeeded();
        return true;
    }
}
