package dev.tabnet.web;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The widget's tab strip and key bar (window.tabnetUi, built by tabnet-widget.js). */
interface TabUi extends JSObject {
    /** A new tab with its own xterm, fitted to the window, shown and focused. */
    Xterm open(int id, String title, boolean closable);

    void activate(int id);

    void setTitle(int id, String title);

    void close(int id);

    /** Whether the terminal in tab id has application cursor keys (DECCKM) on. */
    boolean appCursor(int id);

    @JSProperty("onClosing")
    void setOnClosing(TabHandler handler);

    @JSProperty("onKey")
    void setOnKey(KeyHandler handler);

    @JSFunctor
    interface TabHandler extends JSObject {
        void tab(int id);
    }

    @JSFunctor
    interface KeyHandler extends JSObject {
        void key(String key, int tabId);
    }
}
