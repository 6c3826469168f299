package dev.tabnet.console.node;

/**
 * The little URL handling the node needs, written out by hand: TeaVM has no java.net, and the
 * core keeps no JDK codecs. Control URLs are of the form scheme://authority/path/.
 */
final class UrlText {
    private static final char[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlText() {}

    /** RFC 4648 §4 base64 with padding (what Go's base64.StdEncoding reads). */
    static String base64(byte[] b) {
        StringBuilder sb = new StringBuilder((b.length + 2) / 3 * 4);
        for (int i = 0; i < b.length; i += 3) {
            int n = Math.min(3, b.length - i);
            int v = (b[i] & 0xff) << 16 | (n > 1 ? (b[i + 1] & 0xff) << 8 : 0) | (n > 2 ? b[i + 2] & 0xff : 0);
            sb.append(BASE64[v >>> 18]).append(BASE64[(v >>> 12) & 63]);
            sb.append(n > 1 ? BASE64[(v >>> 6) & 63] : '=').append(n > 2 ? BASE64[v & 63] : '=');
        }
        return sb.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (so '+', '/' and '=' survive a query). */
    static String queryEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved) {
                sb.append(c);
            } else {
                // Only ASCII reaches here (base64 text); anything else would need UTF-8 first.
                sb.append('%').append(HEX[(c >>> 4) & 15]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /** "http://h:p/x/" → "ws://h:p/x/", "https://…" → "wss://…"; null for other schemes. */
    static String webSocketBase(String httpUrl) {
        if (httpUrl.startsWith("http://")) return "ws://" + httpUrl.substring("http://".length());
        if (httpUrl.startsWith("https://")) return "wss://" + httpUrl.substring("https://".length());
        return null;
    }

    /** The host[:port] part of scheme://authority/…, or null if there is none. */
    static String authority(String url) {
        int s = url.indexOf("://");
        if (s < 0) return null;
        int start = s + 3;
        int end = url.indexOf('/', start);
        if (end < 0) end = url.length();
        String a = url.substring(start, end);
        int at = a.lastIndexOf('@');
        if (at >= 0) a = a.substring(at + 1);
        return a.isEmpty() ? null : a;
    }
}
