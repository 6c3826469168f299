package dev.tabnet.tests.browser;

import java.time.Duration;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The tabnet page as a user sees it: a status line and a terminal to type into and read from. */
public final class TerminalPage {
    private final WebDriver driver;

    public TerminalPage(WebDriver driver) {
        this.driver = driver;
    }

    public TerminalPage open(String url) {
        driver.get(url);
        return this;
    }

    /**
     * Opens the page at pageUrl and approves its login as the phone page would (a POST to the login
     * link with the operator password); returns once the tab reports "ready".
     */
    public static TerminalPage openLoggedIn(WebDriver driver, String pageUrl, String operatorPassword) throws Exception {
        TerminalPage page = new TerminalPage(driver).open(pageUrl).waitForClient(Duration.ofSeconds(30));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !page.loginUrl().isEmpty());
        java.net.http.HttpResponse<String> ok = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(page.loginUrl()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=approve&password="
                                + java.net.URLEncoder.encode(operatorPassword, java.nio.charset.StandardCharsets.UTF_8)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (ok.statusCode() != 200) throw new IllegalStateException("approval answered HTTP " + ok.statusCode() + ": " + ok.body());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "ready".equals(page.statusState()));
        return page;
    }

    /** Waits until the Wasm module has loaded and started (it marks the document when main runs). */
    public TerminalPage waitForClient(Duration timeout) {
        new WebDriverWait(driver, timeout).until(d ->
                "loaded".equals(js("return document.documentElement.getAttribute('data-tabnet');")));
        return this;
    }

    /** Types text into xterm.js the way a keyboard does (through its hidden textarea). */
    public void type(CharSequence... keys) {
        driver.findElement(By.cssSelector(".xterm-helper-textarea")).sendKeys(keys);
    }

    /** Types into the terminal of tab id. */
    public void typeIn(int tab, CharSequence... keys) {
        driver.findElement(By.cssSelector("[data-tabnet-pane='" + tab + "'] .xterm-helper-textarea")).sendKeys(keys);
    }

    public void typeLine(String line) {
        type(line, Keys.ENTER);
    }

    /**
     * Clears the console (tab 0) and waits until only the prompt is left, so that the next wait
     * cannot be satisfied by text that was on the screen before.
     */
    public void clearConsole() {
        typeLine("clear");
        waitForScreen(s -> s.trim().equals("tabnet>"), Duration.ofSeconds(10));
    }

    /** The rows the console terminal (tab 0) currently displays, as text (DOM renderer rows). */
    public String screen() {
        return screen(0);
    }

    /** The rows of the terminal in tab id (each SSH session has its own tab). */
    public String screen(int tab) {
        Object text = js("var p = document.querySelector('[data-tabnet-pane=\"" + tab + "\"]') || document;"
                + "return Array.from(p.querySelectorAll('.xterm-rows > div'))"
                + ".map(function (r) { return r.textContent.replace(/\\u00a0/g, ' ').replace(/\\s+$/, ''); }).join('\\n');");
        return String.valueOf(text);
    }

    public String waitForScreen(int tab, Predicate<String> condition, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout).until(d -> condition.test(screen(tab)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting on the terminal of tab " + tab
                    + "; it shows:\n" + screen(tab).trim() + "\nstatus: " + status() + "\nbrowser log:\n" + Chromium.browserLog(driver), e);
        }
        return screen(tab);
    }

    public String waitForScreen(Predicate<String> condition, Duration timeout) {
        return waitForScreen(0, condition, timeout);
    }

    public String status() {
        return driver.findElement(By.cssSelector("[data-tabnet-status]")).getText();
    }

    public String statusState() {
        return driver.findElement(By.cssSelector("[data-tabnet-status]")).getAttribute("data-state");
    }

    /** The login link the tab shows next to its QR code ("" while none is shown). */
    public String loginUrl() {
        Object v = js("var a = document.querySelector('[data-tabnet-login]:not([hidden]) [data-tabnet-login-url]');"
                + " return a ? a.getAttribute('href') : '';");
        return String.valueOf(v);
    }

    /** The matching code shown under the QR code ("" while none is shown). */
    public String loginCode() {
        Object v = js("var c = document.querySelector('[data-tabnet-login]:not([hidden]) [data-tabnet-code]');"
                + " return c ? c.textContent : '';");
        return String.valueOf(v);
    }

    /** Brings tab id (0 is the console) to the front, as a click on its title does. */
    public void activateTab(int id) {
        driver.findElement(By.cssSelector("[data-tabnet-tab='" + id + "']")).click();
    }

    /** Clicks a key of the key bar under the terminal ("esc", "ctrl", "tab", "left", ...). */
    public void barKey(String key) {
        driver.findElement(By.cssSelector("[data-tabnet-key='" + key + "']")).click();
    }

    /** The terminal's current width in columns (tab 0, the console). */
    public long columns() {
        return ((Number) js("return window.tabnetTerminal.cols;")).longValue();
    }

    public Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
