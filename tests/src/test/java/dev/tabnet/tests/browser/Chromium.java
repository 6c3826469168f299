package dev.tabnet.tests.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through Debian's chromedriver. Both paths are given explicitly, so
 * Selenium Manager never runs and nothing is downloaded.
 */
public final class Chromium implements AutoCloseable {
    public static final String BROWSER = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;

    public Chromium() throws IOException {
        if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Debian packages chromium and chromium-driver are required (" + BROWSER + ", " + DRIVER + ")");
        }
        profile = Files.createTempDirectory("tabnet-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1100,800",
                "--user-data-dir=" + profile);
        // The page's console messages and uncaught errors (a Wasm trap is one), for failure reports.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The page's console output since the last call (errors first in mind: uncaught exceptions, Wasm traps). */
    public static String browserLog(org.openqa.selenium.WebDriver driver) {
        StringBuilder b = new StringBuilder();
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) b.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
        } catch (RuntimeException e) {
            b.append("(no browser log: ").append(e.getMessage()).append(")\n");
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
