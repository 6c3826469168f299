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

    public void typeLine(String line) {
        type(line, Keys.ENTER);
    }

    /** The rows the terminal currently displays, as text (DOM renderer rows). */
    public String screen() {
        Object text = js("return Array.from(document.querySelectorAll('.xterm-rows > div'))"
                + ".map(function (r) { return r.textContent.replace(/\\u00a0/g, ' ').replace(/\\s+$/, ''); }).join('\\n');");
        return String.valueOf(text);
    }

    public String waitForScreen(Predicate<String> condition, Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> condition.test(screen()));
        return screen();
    }

    public String status() {
        return driver.findElement(By.cssSelector("[data-tabnet-status]")).getText();
    }

    public String statusState() {
        return driver.findElement(By.cssSelector("[data-tabnet-status]")).getAttribute("data-state");
    }

    public Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
