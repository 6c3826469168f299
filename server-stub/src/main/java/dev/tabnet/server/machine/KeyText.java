package dev.tabnet.server.machine;

/** Key text in request JSON, read through the core's {@link dev.tabnet.core.control.KeyText}. */
final class KeyText {
    static final String NODE = dev.tabnet.core.control.KeyText.NODE_PUBLIC;
    static final String MACHINE = dev.tabnet.core.control.KeyText.MACHINE_PUBLIC;
    static final String DISCO = dev.tabnet.core.control.KeyText.DISCO_PUBLIC;

    private KeyText() {}

    /** The 32 key bytes, or null if the JSON value is not exactly prefix + 64 hex digits. */
    static byte[] parse(Object text, String prefix) {
        if (!(text instanceof String)) return null;
        try {
            return dev.tabnet.core.control.KeyText.parse(prefix, (String) text);
        } catch (dev.tabnet.core.control.KeyText.KeyFormatException e) {
            return null;
        }
    }

    static String format(String prefix, byte[] key) {
        return dev.tabnet.core.control.KeyText.format(prefix, key);
    }
}
