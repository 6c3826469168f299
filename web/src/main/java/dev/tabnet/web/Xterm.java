package dev.tabnet.web;

import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The slice of the xterm.js Terminal API the client uses (the page creates the instance). */
public interface Xterm extends JSObject {
    void write(String data);

    void focus();

    @JSProperty
    int getCols();

    @JSProperty
    int getRows();

    void onData(DataListener listener);

    void onResize(ResizeListener listener);

    @JSFunctor
    interface DataListener extends JSObject {
        void data(String data);
    }

    @JSFunctor
    interface ResizeListener extends JSObject {
        void resized(JSObject size);
    }
}
