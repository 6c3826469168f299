package dev.tabnet.server.login;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a phone page with headers for a page that holds a one-time secret in its URL: never
 * cached, never sent as a referrer, never framed, no scripts at all, forms post only to us.
 */
final class PhonePage {
    private PhonePage() {}

    static boolean send(Response response, Callback callback, int status, String title, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        Content.Sink.write(response, true, Html.page(title, body), callback);
        return true;
    }
}
