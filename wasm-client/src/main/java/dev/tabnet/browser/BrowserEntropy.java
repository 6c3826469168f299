package dev.tabnet.browser;

import dev.tabnet.core.Entropy;
import org.teavm.jso.JSBody;

/** Entropy from crypto.getRandomValues. There is deliberately no fallback to Math.random. */
public final class BrowserEntropy implements Entropy {
    private BrowserEntropy() {}

    @JSBody(script = "return typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function';")
    public static native boolean isSupported();

    /** Returns the browser's CSPRNG, or throws if the page cannot have one (the caller refuses to start). */
    public static BrowserEntropy create() {
        if (!isSupported()) throw new IllegalStateException("crypto.getRandomValues is not available in this browser");
        return new BrowserEntropy();
    }

    @JSBody(params = "n", script = "var a = new Int8Array(n); crypto.getRandomValues(a); return a;")
    private static native byte[] random(int n);

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        // getRandomValues fills at most 65536 bytes per call.
        int done = 0;
        while (done < len) {
            int n = Math.min(65536, len - done);
            byte[] r = random(n);
            System.arraycopy(r, 0, out, off + done, n);
            done += n;
        }
    }
}
