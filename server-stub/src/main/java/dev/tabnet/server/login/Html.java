package dev.tabnet.server.login;

import dev.tabnet.core.util.HtmlText;

/** The few HTML pieces the phone pages share: one page frame with inline styles. */
final class Html {
    private Html() {}

    /** A complete page; {@code body} must already be escaped. */
    static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + HtmlText.escape(title) + "</title><style>"
                + "body{font:17px/1.45 system-ui,sans-serif;margin:0;padding:1.2em;background:#f6f6f4;color:#111;max-width:34em}"
                + "h1{font-size:1.35em}dl{display:grid;grid-template-columns:auto 1fr;gap:.3em .8em}dt{color:#555}"
                + "dd{margin:0;word-break:break-word}.code{font:700 2em ui-monospace,monospace;letter-spacing:.08em}"
                + "input[type=password]{font-size:1.1em;width:100%;box-sizing:border-box;padding:.6em;margin:.4em 0 1em}"
                + "button{font-size:1.1em;padding:.7em 1.2em;margin:0 .6em .6em 0;border-radius:.4em;border:1px solid #888}"
                + ".approve{background:#0a6b2f;color:#fff;border-color:#0a6b2f}.deny,.revoke{background:#fff;color:#a00}"
                + ".msg{padding:.8em;border-radius:.4em;background:#fff;border:1px solid #ccc}.err{border-color:#c00;color:#a00}"
                + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4em;border-bottom:1px solid #ddd;vertical-align:top}"
                + "</style></head><body>" + body + "</body></html>";
    }

    static String message(String text, boolean error) {
        return "<p class=\"msg" + (error ? " err" : "") + "\" role=\"" + (error ? "alert" : "status") + "\">" + HtmlText.escape(text) + "</p>";
    }
}
