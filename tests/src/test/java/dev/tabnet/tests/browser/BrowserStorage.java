package dev.tabnet.tests.browser;

import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** Reads every place a page could persist data: Web Storage, cookies, IndexedDB and the Cache API. */
final class BrowserStorage {
    private BrowserStorage() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> inventory(WebDriver driver) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                + "var out = { localStorage: localStorage.length, sessionStorage: sessionStorage.length,"
                + "            cookies: document.cookie };"
                + "Promise.all(["
                + "  indexedDB.databases().then(function (d) { out.indexedDB = d.length; }),"
                + "  caches.keys().then(function (k) { out.cacheStorage = k.length; })"
                + "]).then(function () { done(out); }, function (e) { out.error = String(e); done(out); });");
    }
}
