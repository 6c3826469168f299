package dev.tabnet.web;

/**
 * The extra keys a phone keyboard lacks (Esc, a sticky Ctrl, Tab, arrows), as the bytes a real
 * keyboard would send. Sticky Ctrl applies to the next key, from the bar or typed, then releases.
 */
final class KeyBar {
    interface CtrlListener {
        void armed(boolean on);
    }

    private final CtrlListener listener;
    private boolean ctrl;

    KeyBar(CtrlListener listener) {
        this.listener = listener;
    }

    boolean ctrlArmed() {
        return ctrl;
    }

    /**
     * Bytes for a bar key ("esc", "tab", "left", "up", "down", "right"); "ctrl" toggles the sticky
     * Ctrl and returns null. appCursor: the terminal is in application cursor mode (DECCKM).
     */
    String press(String key, boolean appCursor) {
        if ("ctrl".equals(key)) {
            setCtrl(!ctrl);
            return null;
        }
        String out;
        switch (key) {
            case "esc": out = "\u001b"; break;
            case "tab": out = ctrl ? "\u001b[Z" : "\t"; break; // Ctrl+Tab has no byte; back-tab is the useful one
            case "up": out = arrow('A', appCursor); break;
            case "down": out = arrow('B', appCursor); break;
            case "right": out = arrow('C', appCursor); break;
            case "left": out = arrow('D', appCursor); break;
            default: return null;
        }
        setCtrl(false);
        return out;
    }

    /** Typed input from the terminal: with Ctrl armed, its first character becomes the control character. */
    String typed(String data) {
        if (!ctrl || data.isEmpty()) return data;
        setCtrl(false);
        return control(data.charAt(0)) + data.substring(1);
    }

    private String arrow(char letter, boolean appCursor) {
        if (ctrl) return "\u001b[1;5" + letter; // xterm's Ctrl+arrow (word motion in readline)
        return (appCursor ? "\u001bO" : "\u001b[") + letter;
    }

    /** The C0 byte a keyboard sends for Ctrl+c (Ctrl+A = 0x01, Ctrl+[ = Esc, Ctrl+? = DEL). */
    static String control(char c) {
        if (c >= 'a' && c <= 'z') return String.valueOf((char) (c - 'a' + 1));
        if (c >= '@' && c <= '_') return String.valueOf((char) (c - '@'));
        if (c == ' ') return "\u0000";
        if (c == '?') return "\u007f";
        return String.valueOf(c);
    }

    private void setCtrl(boolean on) {
        if (on == ctrl) return;
        ctrl = on;
        listener.armed(on);
    }
}
