package dev.tabnet.web.selftest;

import dev.tabnet.browser.BrowserEntropy;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.ProductInfo;
import org.teavm.jso.JSBody;

/** Entry point of selftest.wasm: runs each check and hands the JSON report to the page. */
public final class CoreSelfTest {
    private CoreSelfTest() {}

    public static void main(String[] args) {
        SelfTestReport report = new SelfTestReport();
        report.put("version", ProductInfo.VERSION);
        if (!BrowserEntropy.isSupported()) {
            report.fail("crypto.getRandomValues is missing; refusing to generate keys");
        } else {
            Entropy entropy = BrowserEntropy.create();
            report.run("aead", r -> AeadSpeedCheck.run(r));
            report.run("tunnel", r -> TunnelTransferCheck.run(r, entropy));
            report.run("codecs", r -> ControlCodecCheck.run(r));
            report.run("ssh", r -> SshCheck.run(r, entropy));
            report.run("relayedNodes", r -> RelayedNodesCheck.run(r, entropy));
            report.run("ts2021", r -> ControlNoiseCheck.run(r, entropy));
        }
        publish(report.toJson());
    }

    /** Milliseconds from the page's high-resolution clock, for rates only (never fed to the core). */
    @JSBody(script = "return performance.now();")
    static native double wallMillis();

    @JSBody(params = "json", script = "window.tabnetSelfTest = json;"
            + "var el = document.getElementById('result'); if (el) el.textContent = json;"
            + "document.documentElement.setAttribute('data-selftest', 'done');")
    private static native void publish(String json);
}
