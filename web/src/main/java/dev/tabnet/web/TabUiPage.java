package dev.tabnet.web;

import org.teavm.jso.JSBody;

/** Finding the widget's {@link TabUi} and showing the key bar's sticky Ctrl. */
final class TabUiPage {
    private TabUiPage() {}

    @JSBody(script = "return window.tabnetUi || null;")
    static native TabUi current();

    @JSBody(params = "on", script =
            "var root = window.tabnetRoot || document;"
            + "var b = root.querySelector('[data-tabnet-key=\"ctrl\"]');"
            + "if (b) b.setAttribute('aria-pressed', on ? 'true' : 'false');")
    static native void showCtrl(boolean on);
}
