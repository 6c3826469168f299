package dev.tabnet.web;

import dev.tabnet.core.util.HtmlText;
import org.teavm.jso.JSBody;

/**
 * The "scan to log in" panel: the login URL as a QR code for a phone, the same URL as a link, and
 * the matching code the approval page shows, so the person approving can check it is this tab.
 */
final class LoginPanel {
    private LoginPanel() {}

    static void show(String loginUrl, String matchingCode) {
        String html = QrSvg.render(loginUrl)
                + "<div><div>Scan with your phone to approve this browser, or open:</div>"
                + "<div><a data-tabnet-login-url target=\"_blank\" rel=\"noopener noreferrer\" href=\"" + HtmlText.escape(loginUrl) + "\">"
                + HtmlText.escape(loginUrl) + "</a></div>"
                + (matchingCode == null || matchingCode.isEmpty() ? ""
                        : "<div>Matching code: <span class=\"tabnet-code\" data-tabnet-code>" + HtmlText.escape(matchingCode) + "</span></div>")
                + "</div>";
        set(html, false);
    }

    static void hide() {
        set("", true);
    }

    @JSBody(params = {"html", "hidden"}, script =
            "var root = window.tabnetRoot || document;"
            + "var el = root.querySelector('[data-tabnet-login]');"
            + "if (el) { el.innerHTML = html; el.hidden = hidden; }")
    private static native void set(String html, boolean hidden);
}
