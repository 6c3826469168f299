package dev.tabnet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.web.qr.QrCode;
import org.junit.jupiter.api.Test;

class QrSvgTest {
    @Test
    void svgHasOneSquarePerDarkModuleAndAQuietZone() {
        String url = "http://127.0.0.1:8080/register/abcdef0123456789";
        String svg = QrSvg.render(url);
        QrCode qr = QrCode.encode(url);
        int dark = 0;
        for (int y = 0; y < qr.size; y++) for (int x = 0; x < qr.size; x++) if (qr.isDark(x, y)) dark++;
        assertEquals(dark, svg.split("h1v1h-1z", -1).length - 1);
        assertTrue(svg.contains("viewBox=\"0 0 " + (qr.size + 8) + " " + (qr.size + 8) + "\""), svg);
        assertTrue(svg.contains("crispEdges"));
    }
}
