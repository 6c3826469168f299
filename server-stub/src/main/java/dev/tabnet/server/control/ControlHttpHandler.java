package dev.tabnet.server.control;

import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Plain-HTTP endpoints of the control plane: {@code GET /key?v=N} and the HTTP/1.1 upgrade form of
 * {@code /ts2021} (controlhttpserver.AcceptHTTP). Error texts and statuses follow the Go server;
 * they are fixed strings, never echoes of the request.
 */
final class ControlHttpHandler extends Handler.Wrapper {
    private final Ts2021Server plane;

    ControlHttpHandler(Ts2021Server plane, Handler next) {
        super(next);
        this.plane = plane;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (Ts2021Server.KEY_PATH.equals(path)) return serveKey(request, response, callback);
        if (Ts2021Server.TS2021_PATH.equals(path)) return serveUpgrade(request, response, callback);
        return super.handle(request, response, callback);
    }

    /** tailcfg.OverTLSPublicKeyResponse; like headscale, the capability version is required. */
    private boolean serveKey(Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod())) return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "GET required");
        String v = Request.extractQueryParameters(request).getValue("v");
        if (v == null || !isDecimal(v)) return text(response, callback, HttpStatus.BAD_REQUEST_400, "v parameter (capability version) required");
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // A public key: the embeddable widget fetches it from pages of other origins.
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, plane.keyResponseJson(), callback);
        return true;
    }

    private boolean serveUpgrade(Request request, Response response, Callback callback) {
        String next = request.getHeaders().get(HttpHeader.UPGRADE);
        if (next == null || next.isEmpty()) return text(response, callback, HttpStatus.BAD_REQUEST_400, "missing next protocol");
        if (next.equalsIgnoreCase("websocket")) {
            // The WebSocket handler in front of us takes valid upgrades; this one it refused.
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "invalid WebSocket upgrade");
        }
        if (!next.equalsIgnoreCase(Ts2021Server.UPGRADE_HEADER_VALUE)) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "unknown next protocol");
        }
        String b64 = request.getHeaders().get(Ts2021Server.HANDSHAKE_HEADER_NAME);
        if (b64 == null || b64.isEmpty()) return text(response, callback, HttpStatus.BAD_REQUEST_400, "missing Tailscale handshake header");
        byte[] init;
        try {
            init = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "invalid tailscale handshake header");
        }
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
            return text(response, callback, HttpStatus.BAD_REQUEST_400, "make request over HTTP/1");
        }
        // A malformed initiation is answered on the upgraded stream with a Noise error message.
        Ts2021UpgradeConnection upgraded = new Ts2021UpgradeConnection(
                request.getConnectionMetaData().getConnection().getEndPoint(),
                request.getComponents().getExecutor(), plane, init, request.getHeaders().get(HttpHeader.USER_AGENT));
        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        response.getHeaders().put(HttpHeader.UPGRADE, Ts2021Server.UPGRADE_HEADER_VALUE);
        response.getHeaders().put(HttpHeader.CONNECTION, "upgrade");
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, upgraded);
        response.write(true, null, callback);
        return true;
    }

    static boolean text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, message + "\n", callback);
        return true;
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
