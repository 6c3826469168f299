package dev.tabnet.server.login;

import dev.tabnet.core.util.HtmlText;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /login/<id>}: the page the QR code opens on the operator's phone. GET shows who is asking
 * (node name, address, browser, when) and the matching code; POST with the operator password and
 * {@code action=approve|deny} decides, once.
 */
public final class LoginPages extends Handler.Abstract {
    public static final String PATH_PREFIX = "/login/";
    private final LoginRequests logins;

    public LoginPages(LoginRequests logins) {
        this.logins = logins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(PATH_PREFIX)) return false;
        String id = path.substring(PATH_PREFIX.length());
        String method = request.getMethod();
        if (HttpMethod.GET.is(method)) {
            PendingLogin p = logins.find(id);
            if (p == null) return PhonePage.send(response, callback, 404, "Login link not found", notFound());
            return PhonePage.send(response, callback, 200, "Approve a browser node", show(p, null, false));
        }
        if (HttpMethod.POST.is(method)) {
            Fields form = Request.getParameters(request);
            String action = form.getValue("action");
            String password = form.getValue("password");
            LoginRequests.Result r = "deny".equals(action) ? logins.deny(id, password) : logins.approve(id, password);
            PendingLogin p = logins.find(id);
            if (p == null) return PhonePage.send(response, callback, 404, "Login link not found", notFound());
            switch (r) {
                case APPROVED:
                    return PhonePage.send(response, callback, 200, "Approved", done(p, "Approved. The browser tab joins the tailnet now; you can close this page.", false));
                case DENIED:
                    return PhonePage.send(response, callback, 200, "Denied", done(p, "Denied. The browser tab was not let in.", false));
                case WRONG_CREDENTIAL:
                    return PhonePage.send(response, callback, 403, "Approve a browser node", show(p, "Wrong operator password.", true));
                case THROTTLED:
                    return PhonePage.send(response, callback, 429, "Too many attempts", show(p, "Too many wrong passwords; approvals are paused for a minute.", true));
                default:
                    return PhonePage.send(response, callback, 410, "Link no longer valid", done(p, explain(r), true));
            }
        }
        response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
        return PhonePage.send(response, callback, 405, "Method not allowed", Html.message("Use GET or POST.", true));
    }

    private static String explain(LoginRequests.Result r) {
        switch (r) {
            case EXPIRED: return "This login link has expired (links live 5 minutes). Reload the tab for a new QR code.";
            case ALREADY_USED: return "This login link was already used. Each link works once.";
            case BURNED: return "Too many wrong passwords for this link; it no longer works. Reload the tab for a new QR code.";
            default: return "This login link is not valid.";
        }
    }

    private static String notFound() {
        return "<h1>Login link not found</h1>" + Html.message("This link is unknown or so old that it was forgotten. Reload the tab for a new QR code.", true);
    }

    private static String details(PendingLogin p) {
        return "<dl><dt>Node</dt><dd>" + HtmlText.escape(p.hostname.isEmpty() ? "(unnamed)" : p.hostname) + "</dd>"
                + "<dt>From</dt><dd>" + HtmlText.escape(p.remoteAddress) + "</dd>"
                + "<dt>Browser</dt><dd>" + HtmlText.escape(p.userAgent.isEmpty() ? "(not given)" : p.userAgent) + "</dd>"
                + "<dt>Asked at</dt><dd>" + HtmlText.escape(Instant.ofEpochMilli(p.createdMillis).toString()) + "</dd></dl>";
    }

    private static String show(PendingLogin p, String error, boolean isError) {
        StringBuilder b = new StringBuilder("<h1>Let this browser tab join the tailnet?</h1>");
        if (error != null) b.append(Html.message(error, isError));
        b.append(details(p));
        if (p.state() != PendingLogin.State.PENDING) {
            b.append(Html.message(explain(stateResult(p.state())), true));
            return b.toString();
        }
        b.append("<p>The tab shows this code. Approve only if it is the same:</p>")
                .append("<p class=\"code\" data-matching-code>").append(HtmlText.escape(p.matchingCode)).append("</p>")
                .append("<form method=\"post\" action=\"").append(PATH_PREFIX).append(HtmlText.escape(p.id)).append("\">")
                .append("<label for=\"pw\">Operator password</label>")
                .append("<input id=\"pw\" type=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
                .append("<button class=\"approve\" name=\"action\" value=\"approve\">Approve</button>")
                .append("<button class=\"deny\" name=\"action\" value=\"deny\">Deny</button></form>");
        return b.toString();
    }

    private static LoginRequests.Result stateResult(PendingLogin.State s) {
        switch (s) {
            case EXPIRED: return LoginRequests.Result.EXPIRED;
            case BURNED: return LoginRequests.Result.BURNED;
            default: return LoginRequests.Result.ALREADY_USED;
        }
    }

    private static String done(PendingLogin p, String text, boolean error) {
        return "<h1>" + HtmlText.escape(error ? "Login link no longer valid" : "Done") + "</h1>" + Html.message(text, error) + details(p);
    }
}
