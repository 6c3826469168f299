package dev.tabnet.tests.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.tabnet.web.QrSvg;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The login QR code as Chromium paints it in the login panel's style, read from one screenshot each
 * (no second frame), for many links of the shape the server hands out. Read at the screenshot's own
 * scale only, ZXing misread one of these 36 every time ("found but unreadable"; two when each
 * module was drawn a whole number of pixels wide, so that is not the cure), which once failed the
 * login bench; {@link ScreenshotQr} now also tries other scales, as a phone's
 * frames see the code at slightly different sizes.
 */
class LoginQrOnScreenTest {
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        String css;
        try (InputStream in = QrSvg.class.getClassLoader().getResourceAsStream("tabnet-web/tabnet.css")) {
            assertNotNull(in, "tabnet-web/tabnet.css on the class path (module web)");
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = "<!doctype html><html><head><style>" + css + "</style></head>"
                + "<body style=\"margin:0;background:#000\"><div class=\"tabnet-login\" id=\"panel\"></div></body></html>";
        chromium.driver().get("data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    /** A login link as LoginRequests makes it: base URL, "login/", 16 random bytes in URL-safe base64. */
    private static String loginLink(Random rnd, String base) {
        byte[] id = new byte[16];
        rnd.nextBytes(id);
        return base + "login/" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    @Test
    void everyLoginLinkReadsFromOneScreenshot() throws Exception {
        Random rnd = new Random(20261202);
        String[] bases = {"http://127.0.0.1:" + (30000 + rnd.nextInt(30000)) + "/", "http://localhost:8080/",
                "https://tabnet.example.com/"};
        List<String> unreadable = new ArrayList<>();
        int tried = 0;
        for (String base : bases) {
            for (int i = 0; i < 12; i++) {
                String url = loginLink(rnd, base);
                chromium.driver().executeScript("document.getElementById('panel').innerHTML = arguments[0];", QrSvg.render(url));
                tried++;
                try {
                    String read = ScreenshotQr.decode(chromium.driver());
                    if (!url.equals(read)) unreadable.add(url + " read as " + read);
                } catch (Exception e) {
                    unreadable.add(url + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), unreadable, unreadable.size() + " of " + tried + " login QR codes did not read");
    }
}
