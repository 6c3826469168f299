package dev.tabnet.browser;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

/**
 * Small GETs through fetch(), for text the node needs before its WebSocket (the control server's
 * /key). No credentials are sent and the HTTP cache is bypassed, so nothing about the tab is kept.
 */
public final class BrowserHttp {
    private BrowserHttp() {}

    /** The answer of one GET; both callbacks run later on the page's event loop, exactly one of them once. */
    public interface Callback {
        void onResponse(int status, String body);

        void onError(String message);
    }

    @JSFunctor
    interface ResponseHandler extends JSObject {
        void handle(int status, String body);
    }

    @JSFunctor
    interface ErrorHandler extends JSObject {
        void handle(String message);
    }

    public static void get(String url, Callback callback) {
        fetchText(url, callback::onResponse, callback::onError);
    }

    @JSBody(params = {"url", "ok", "fail"}, script =
            "var done = false;"
            + "fetch(url, { credentials: 'omit', cache: 'no-store', redirect: 'error' })"
            + ".then(function (r) { return r.text().then(function (t) { done = true; ok(r.status, t); }); })"
            + ".catch(function (e) { if (!done) fail(String((e && e.message) || e)); });")
    private static native void fetchText(String url, ResponseHandler ok, ErrorHandler fail);
}
