package dev.tabnet.web;

import org.teavm.jso.JSBody;

/**
 * The status line above the terminal. The state name goes into a data attribute so the page's
 * CSS (and tests) can tell "ready" from "error" without parsing the words.
 */
final class PageStatus {
    private PageStatus() {}

    static void show(String state, String text) {
        set(state, text);
    }

    @JSBody(params = {"state", "text"}, script =
            "var root = window.tabnetRoot || document;"
            + "var el = root.querySelector('[data-tabnet-status]');"
            + "if (el) { el.textContent = text; el.setAttribute('data-state', state); }")
    private static native void set(String state, String text);
}
