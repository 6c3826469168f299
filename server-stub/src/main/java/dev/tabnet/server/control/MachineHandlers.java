package dev.tabnet.server.control;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes of the HTTP/2 server inside Noise (headscale hscontrol/noise.go has the same shape).
 * Registration and the map stream are the next step; until then they answer 501 with a clear text.
 * {@code GET /tabnet/session} reports what the server knows about the Noise session the request came
 * on, which is what tests use to see a request really travelled through Noise and HTTP/2.
 */
final class MachineHandlers extends Handler.Abstract {
    static final String REGISTER = "/machine/register";
    static final String MAP = "/machine/map";
    static final String SESSION = "/tabnet/session";

    private final ControlPlane plane;

    MachineHandlers(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        ControlSession session = plane.sessionOf(request);
        if (session == null) return ControlHttpHandler.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "no Noise session for this request");
        switch (path) {
            case REGISTER, MAP -> {
                if (!"POST".equals(request.getMethod())) return ControlHttpHandler.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "POST required");
                return ControlHttpHandler.text(response, callback, HttpStatus.NOT_IMPLEMENTED_501, "not yet: " + path + " is not implemented by this control server");
            }
            case SESSION -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("machineKey", session.machineKeyText());
                m.put("protocolVersion", session.protocolVersion());
                m.put("handshakeHash", session.handshakeHashHex());
                m.put("transport", session.transport());
                m.put("httpVersion", request.getConnectionMetaData().getHttpVersion().asString());
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, JSON.std.asString(m), callback);
                return true;
            }
            default -> {
                return ControlHttpHandler.text(response, callback, HttpStatus.NOT_FOUND_404, "not found");
            }
        }
    }
}
