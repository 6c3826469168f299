package dev.tabnet.server.control;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.server.machine.ClientContext;
import dev.tabnet.server.machine.MapRequestException;
import dev.tabnet.server.machine.MapSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes of the HTTP/2 server inside Noise (headscale hscontrol/noise.go has the same shape):
 * {@code POST /machine/register} and {@code POST /machine/map} go to the control plane's services,
 * with the Noise session's machine key as the caller's identity; the other Tailscale client
 * endpoints answer 501 as headscale's do. {@code GET /tabnet/session} reports what the server knows
 * about the Noise session a request came on (used by tests and for diagnosis).
 *
 * <p>Bodies are read asynchronously: a handler must not block the thread that feeds the HTTP/2
 * connection.
 */
final class MachineHandlers extends Handler.Abstract {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MachineHandlers.class);
    static final String REGISTER = "/machine/register";
    static final String MAP = "/machine/map";
    static final String SESSION = "/tabnet/session";
    /** headscale's request body limit inside Noise. */
    static final int MAX_BODY = 1 << 20;

    private final Ts2021Server plane;

    MachineHandlers(Ts2021Server plane) {
        this.plane = plane;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        ControlSession session = plane.sessionOf(request);
        if (session == null) return ControlHttpHandler.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "no Noise session for this request");
        switch (path) {
            case REGISTER:
            case MAP:
                if (!"POST".equals(request.getMethod())) return ControlHttpHandler.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "POST required");
                Content.Source.asByteArrayAsync(request, MAX_BODY).whenComplete((body, failure) -> {
                    if (failure != null) {
                        ControlHttpHandler.text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "request body unreadable or over 1 MiB");
                        return;
                    }
                    Map<String, Object> json;
                    try {
                        json = JSON.std.mapFrom(body);
                    } catch (IOException e) {
                        ControlHttpHandler.text(response, callback, HttpStatus.BAD_REQUEST_400, "request body is not a JSON object");
                        return;
                    }
                    ClientContext client = clientOf(session, request);
                    try {
                        if (path.equals(REGISTER)) register(client, json, response, callback);
                        else map(request, session, client, json, response, callback);
                    } catch (RuntimeException e) {
                        // Never leave the stream hanging: a service bug still gets an answer.
                        LOG.warn("{} {} failed", request.getMethod(), path, e);
                        if (!response.isCommitted()) ControlHttpHandler.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error");
                        else callback.failed(e);
                    }
                });
                return true;
            case "/machine/set-dns":
            case "/machine/set-device-attr":
            case "/machine/audit-log":
            case "/machine/id-token":
            case "/machine/whoami":
            case "/machine/update-health":
                return ControlHttpHandler.text(response, callback, HttpStatus.NOT_IMPLEMENTED_501, "not implemented by this control server");
            case SESSION:
                return sessionInfo(request, session, response, callback);
            default:
                return ControlHttpHandler.text(response, callback, HttpStatus.NOT_FOUND_404, "not found");
        }
    }

    /** The outer connection's User-Agent (the browser's) wins over the inner HTTP/2 client's. */
    private static ClientContext clientOf(ControlSession s, Request request) {
        String ua = !s.userAgent().isEmpty() ? s.userAgent() : request.getHeaders().get(HttpHeader.USER_AGENT);
        return new ClientContext(s.machinePublicKey(), s.remoteAddress(), ua);
    }

    private void register(ClientContext client, Map<String, Object> json, Response response, Callback callback) {
        // A Followup request waits here (asynchronously) until the operator decides.
        plane.services().register.register(client, json).whenComplete((answer, failure) -> {
            if (failure != null) {
                ControlHttpHandler.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "registration failed");
                return;
            }
            writeJson(response, callback, answer);
        });
    }

    private void map(Request request, ControlSession noise, ClientContext client, Map<String, Object> json, Response response, Callback callback) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        ResponseMapSink sink = new ResponseMapSink(response, callback);
        AtomicReference<MapSession> opened = new AtomicReference<>();
        // Client reset the stream or the Noise connection died: end the session.
        Runnable end = () -> {
            sink.failed();
            MapSession s = opened.get();
            if (s != null) s.close();
        };
        request.addFailureListener(t -> end.run());
        noise.ends().add(end);
        try {
            MapSession s = plane.services().map.open(client, json, sink);
            opened.set(s);
            // The client may have read the first map and gone away before the session was
            // published above: then neither hook found a session to close.
            if (sink.hasFailed()) s.close();
            if (s.isClosed() || !Boolean.TRUE.equals(json.get("Stream"))) noise.ends().remove(end); // a one-shot map is done
            else s.onClosed(() -> noise.ends().remove(end));
        } catch (MapRequestException e) {
            noise.ends().remove(end);
            ControlHttpHandler.text(response, callback, e.status, e.getMessage());
        }
    }

    private static boolean sessionInfo(Request request, ControlSession session, Response response, Callback callback) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machineKey", session.machineKeyText());
        m.put("protocolVersion", session.protocolVersion());
        m.put("handshakeHash", session.handshakeHashHex());
        m.put("transport", session.transport());
        m.put("httpVersion", request.getConnectionMetaData().getHttpVersion().asString());
        return writeJson(response, callback, m);
    }

    private static boolean writeJson(Response response, Callback callback, Map<String, Object> body) {
        try {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, JSON.std.asString(body), callback);
        } catch (IOException e) {
            callback.failed(e);
        }
        return true;
    }
}
