package dev.tabnet.server.login;

import dev.tabnet.core.util.HtmlText;
import dev.tabnet.server.tailnet.Tailnet;
import dev.tabnet.server.tailnet.TailnetNode;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /nodes}: the operator's phone page listing the tailnet's nodes, browser nodes first, with
 * a button that revokes one immediately (it vanishes from every netmap and loses the relay).
 */
public final class NodeAdminPages extends Handler.Abstract {
    public static final String PATH = "/nodes";
    private final Tailnet tailnet;
    private final LoginRequests logins;
    private final AdminSessions sessions;

    public NodeAdminPages(Tailnet tailnet, LoginRequests logins, LongSupplier clockMillis) {
        this.tailnet = tailnet;
        this.logins = logins;
        this.sessions = new AdminSessions(clockMillis);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) return false;
        if (HttpMethod.GET.is(request.getMethod())) return PhonePage.send(response, callback, 200, "Tailnet nodes", passwordForm(null));
        if (!HttpMethod.POST.is(request.getMethod())) return PhonePage.send(response, callback, 405, "Method not allowed", Html.message("Use GET or POST.", true));

        Fields form = Request.getParameters(request);
        String token = form.getValue("token");
        if (!sessions.valid(token)) {
            LoginRequests.Result r = logins.checkOperator(form.getValue("password"));
            if (r == LoginRequests.Result.THROTTLED) return PhonePage.send(response, callback, 429, "Too many attempts", passwordForm("Too many wrong passwords; try again in a minute."));
            if (r != LoginRequests.Result.APPROVED) return PhonePage.send(response, callback, 403, "Tailnet nodes", passwordForm("Wrong operator password."));
            token = sessions.issue();
        }
        String notice = null;
        String revoke = form.getValue("revoke");
        if (revoke != null) {
            TailnetNode n = parseId(revoke) < 0 ? null : tailnet.byId(parseId(revoke));
            if (n != null && tailnet.remove(n.id, "revoked by the operator")) notice = "Revoked " + n.fqdn + " (" + n.addresses.ipv4Text() + ").";
            else notice = "That node is already gone.";
        }
        return PhonePage.send(response, callback, 200, "Tailnet nodes", list(token, notice));
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String passwordForm(String error) {
        return "<h1>Tailnet nodes</h1>" + (error == null ? "" : Html.message(error, true))
                + "<form method=\"post\" action=\"" + PATH + "\"><label for=\"pw\">Operator password</label>"
                + "<input id=\"pw\" type=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
                + "<button>Show nodes</button></form>";
    }

    private String list(String token, String notice) {
        StringBuilder b = new StringBuilder("<h1>Tailnet nodes</h1>");
        if (notice != null) b.append(Html.message(notice, false));
        b.append("<table><tr><th>Node</th><th>Details</th><th></th></tr>");
        int shown = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (TailnetNode n : tailnet.nodes()) {
                if (n.ephemeral != (pass == 0)) continue; // browser (ephemeral) nodes first
                shown++;
                b.append("<tr data-node=\"").append(n.id).append("\"><td><b>").append(HtmlText.escape(n.label)).append("</b><br>")
                        .append(HtmlText.escape(n.addresses.ipv4Text())).append("</td><td>")
                        .append(n.ephemeral ? "browser tab" : "node").append(tailnet.isActive(n) ? ", online" : ", offline")
                        .append("<br>").append(HtmlText.escape(n.remoteAddress)).append(" · ").append(HtmlText.escape(shortAgent(n.userAgent)))
                        .append("<br>since ").append(HtmlText.escape(Instant.ofEpochMilli(n.createdMillis).toString())).append("</td><td>")
                        .append("<form method=\"post\" action=\"").append(PATH).append("\">")
                        .append("<input type=\"hidden\" name=\"token\" value=\"").append(HtmlText.escape(token)).append("\">")
                        .append("<button class=\"revoke\" name=\"revoke\" value=\"").append(n.id).append("\">Revoke</button></form></td></tr>");
            }
        }
        b.append("</table>");
        if (shown == 0) b.append(Html.message("No nodes are registered.", false));
        return b.toString();
    }

    private static String shortAgent(String ua) {
        return ua.length() > 80 ? ua.substring(0, 77) + "…" : ua;
    }
}
