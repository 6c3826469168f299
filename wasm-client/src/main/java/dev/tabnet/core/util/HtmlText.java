package dev.tabnet.core.util;

/** Text made safe to place in HTML content or a quoted attribute (the tab's login panel, the phone pages). */
public final class HtmlText {
    private HtmlText() {}

    /** Escapes the five characters that could end text or an attribute value; null gives "". */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
