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

    /**
     * Small requests (a TCP ISN, a timer's jitter, SSH padding: several per packet) are served from
     * a pool filled 4 KB at a time, so the hot path does not cross into JS for every few bytes.
     * Served bytes are zeroed in the pool, so none is handed out twice or kept after use.
     */
    private static final int POOL_BYTES = 4096;
    private static final int POOLED_REQUEST_MAX = 64;
    private final byte[] pool = new byte[POOL_BYTES];
    private int poolOffset = POOL_BYTES;

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        if (len <= POOLED_REQUEST_MAX) {
            if (POOL_BYTES - poolOffset < len) {
                fill(pool, 0, POOL_BYTES);
                poolOffset = 0;
            }
            System.arraycopy(pool, poolOffset, out, off, len);
            java.util.Arrays.fill(pool, poolOffset, poolOffset + len, (byte) 0);
            poolOffset += len;
            return;
        }
        fill(out, off, len);
    }

    private static void fill(byte[] out, int off, int len) {
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
