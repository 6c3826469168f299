package dev.tabnet.server.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/** Serves the page and the compiled client (from the web jar) and xterm.js (from its webjar). */
public final class PageHosting {
    /** Classpath folder that module web fills with the page and the Wasm client. */
    public static final String PAGE_ROOT = "tabnet-web/";
    public static final String WEBJARS_ROOT = "META-INF/resources/webjars/";

    private PageHosting() {}

    public static Handler pageHandler(Server server) {
        ResourceHandler h = new ResourceHandler();
        h.setBaseResource(classpath(server, PAGE_ROOT));
        h.setWelcomeFiles("index.html");
        h.setDirAllowed(false);
        return new PublicAssetHeaders(h);
    }

    public static ContextHandler webjarsContext(Server server) {
        ResourceHandler h = new ResourceHandler();
        h.setBaseResource(classpath(server, WEBJARS_ROOT));
        h.setDirAllowed(false);
        ContextHandler ctx = new ContextHandler(new PublicAssetHeaders(h), "/webjars");
        registerMimeTypes(ctx);
        return ctx;
    }

    public static void registerMimeTypes(ContextHandler ctx) {
        ctx.getMimeTypes().addMimeMapping("wasm", "application/wasm");
    }

    private static Resource classpath(Server server, String folder) {
        Resource r = ResourceFactory.of(server).newClassLoaderResource(folder);
        if (r == null) throw new IllegalStateException("classpath folder " + folder + " not found: is module web on the classpath?");
        return r;
    }

    /**
     * The page is used from untrusted computers: ask the browser not to keep any copy of it or the
     * client on disk. The assets are public and the widget loads them from other origins (the Wasm
     * module through fetch), so they are served with a wildcard CORS header; they carry no secrets.
     */
    static final class PublicAssetHeaders extends Handler.Wrapper {
        PublicAssetHeaders(Handler h) {
            super(h);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            return super.handle(request, response, callback);
        }
    }
}
