package dev.tabnet.tests.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Reads a QR code off the browser's screen the way a phone camera would: from pixels only. */
public final class ScreenshotQr {
    private ScreenshotQr() {}

    /** Decodes the QR code visible in a screenshot of the whole viewport, or throws if there is none. */
    public static String decode(WebDriver driver) throws IOException, NotFoundException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        return decode(png);
    }

    /**
     * Like {@link #decode(WebDriver)}, but takes screenshots until one reads or timeout passes, as a
     * phone camera keeps trying frames: the first frame can catch the code while it is still being
     * painted (two runs in a day found it "unreadable" or not at all, then readable).
     */
    public static String decodeSoon(WebDriver driver, java.time.Duration timeout) throws IOException, NotFoundException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return decode(driver);
            } catch (IOException | NotFoundException e) {
                if (System.nanoTime() > end) throw e;
                Thread.sleep(100);
            }
        }
    }

    /**
     * Camera distances tried in turn. ZXing's detector misreads a few valid symbols at a given pixel
     * scale every time (QrCodeDecodeTest shows the same for symbols drawn on an exact grid), while a
     * phone sees the code at a slightly different size in each frame; so does this reader. Five
     * scales still missed one login link in a bench run (checksum error at each), so there are more,
     * each read with both of ZXing's binarizers (a phone's exposure differs between frames too).
     */
    private static final double[] SCALES = {1.0, 0.8, 1.25, 1.5, 0.67, 0.9, 1.1, 0.75, 2.0};

    public static String decode(byte[] png) throws IOException, NotFoundException {
        BufferedImage screenshot = ImageIO.read(new ByteArrayInputStream(png));
        Exception first = null;
        for (double scale : SCALES) {
            for (boolean global : new boolean[] {false, true}) {
                try {
                    return decodeAt(screenshot, scale, global);
                } catch (com.google.zxing.ReaderException e) {
                    if (first == null) first = e;
                }
            }
        }
        if (first instanceof NotFoundException) throw (NotFoundException) first;
        throw new IOException("QR code found but unreadable at every scale tried: " + first, first);
    }

    private static String decodeAt(BufferedImage screenshot, double scale, boolean globalBinarizer) throws com.google.zxing.ReaderException {
        BufferedImage image = screenshot;
        if (scale != 1.0) {
            int w = (int) Math.round(screenshot.getWidth() * scale);
            int h = (int) Math.round(screenshot.getHeight() * scale);
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(screenshot, 0, 0, w, h, null);
            g.dispose();
        }
        BufferedImageLuminanceSource pixels = new BufferedImageLuminanceSource(image);
        BinaryBitmap bitmap = new BinaryBitmap(globalBinarizer ? new GlobalHistogramBinarizer(pixels) : new HybridBinarizer(pixels));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
