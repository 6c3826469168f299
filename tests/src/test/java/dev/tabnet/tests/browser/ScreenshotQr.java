package dev.tabnet.tests.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
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

    public static String decode(byte[] png) throws IOException, NotFoundException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            throw new IOException("QR code found but unreadable: " + e, e);
        }
    }
}
