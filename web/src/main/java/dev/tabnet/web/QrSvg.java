package dev.tabnet.web;

import dev.tabnet.web.qr.QrCode;

/**
 * Renders a login URL as an SVG QR code: one path of unit squares with a 4-module quiet zone and
 * crispEdges, so it stays sharp at any size and phones read it off a screen easily.
 */
public final class QrSvg {
    private QrSvg() {}

    public static String render(String text) {
        QrCode qr = QrCode.encode(text);
        int border = 4;
        int size = qr.size + 2 * border;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.isDark(x, y)) {
                    path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of the login link\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
