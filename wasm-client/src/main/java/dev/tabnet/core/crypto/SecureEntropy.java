package dev.tabnet.core.crypto;

import dev.tabnet.core.Entropy;
import java.security.SecureRandom;

/**
 * Entropy from java.security.SecureRandom. On the JVM that is the OS generator; under TeaVM
 * (JS and Wasm-GC) SecureRandom is implemented with crypto.getRandomValues. The browser adapter
 * checks that crypto.getRandomValues exists before using this, and refuses to start otherwise.
 */
public final class SecureEntropy implements Entropy {
    private final SecureRandom random = new SecureRandom();

    @Override
    public void nextBytes(byte[] out, int off, int len) {
        if (off == 0 && len == out.length) {
            random.nextBytes(out);
        } else {
            byte[] tmp = new byte[len];
            random.nextBytes(tmp);
            System.arraycopy(tmp, 0, out, off, len);
        }
    }
}
