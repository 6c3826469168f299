package dev.tabnet.browser;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.websocket.WebSocket;

/**
 * A binary WebSocket for the core: bytes in, bytes out, plus open/close notifications. Protocols
 * above (DERP, ts2021) treat the messages as a byte stream, never as frames.
 */
public final class BrowserWebSocket {
    /** Callbacks from the socket; all run on the page's event loop. */
    public interface Listener {
        void onOpen();

        void onBinary(byte[] data);

        default void onText(String text) {}

        /** The socket closed; code and reason as the browser reports them (1006 = abnormal). */
        void onClose(int code, String reason);
    }

    private final WebSocket socket;
    private boolean closed;

    private BrowserWebSocket(WebSocket socket) {
        this.socket = socket;
    }

    /** Opens url (ws:// or wss://), optionally asking for a subprotocol (null for none). */
    public static BrowserWebSocket open(String url, String subprotocol, Listener listener) {
        WebSocket ws = subprotocol == null ? new WebSocket(url) : new WebSocket(url, subprotocol);
        ws.setBinaryType("arraybuffer");
        BrowserWebSocket s = new BrowserWebSocket(ws);
        ws.onOpen(e -> listener.onOpen());
        ws.onMessage(e -> {
            JSObject data = e.getData();
            if (isString(data)) {
                listener.onText(e.getDataAsString());
            } else {
                listener.onBinary(toBytes(e.getDataAsArray()));
            }
        });
        ws.onClose(e -> {
            s.closed = true;
            listener.onClose(closeCode(e), closeReason(e));
        });
        return s;
    }

    public void send(byte[] data) {
        if (!closed) sendBytes(socket, data);
    }

    public void sendText(String text) {
        if (!closed) socket.send(text);
    }

    public void close() {
        if (!closed) {
            closed = true;
            socket.close(1000, "bye");
        }
    }

    public boolean isOpen() {
        return !closed && socket.getReadyState() == 1;
    }

    /** Bytes queued in the browser but not yet sent: used for back-pressure. */
    public int bufferedAmount() {
        return socket.getBufferedAmount();
    }

    public String protocol() {
        return socket.getProtocol();
    }

    @JSBody(params = "d", script = "return typeof d === 'string';")
    private static native boolean isString(JSObject d);

    @JSBody(params = "buf", script = "return new Int8Array(buf);")
    private static native byte[] toBytes(ArrayBuffer buf);

    @JSBody(params = {"ws", "data"}, script = "ws.send(data);")
    private static native void sendBytes(WebSocket ws, byte[] data);

    @JSBody(params = "e", script = "return e.code;")
    private static native int closeCode(JSObject e);

    @JSBody(params = "e", script = "return e.reason || '';")
    private static native String closeReason(JSObject e);
}
