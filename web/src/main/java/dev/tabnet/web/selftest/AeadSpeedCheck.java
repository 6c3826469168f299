package dev.tabnet.web.selftest;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import java.util.Arrays;

/**
 * Raw ChaCha20-Poly1305 seal+open of 1420-byte packets in this tab's Wasm: the ceiling every
 * tunnel figure measured in the same tab is compared with.
 */
final class AeadSpeedCheck {
    private static final int PACKET = 1420;
    private static final int ROUNDS = 2000;

    private AeadSpeedCheck() {}

    static void run(SelfTestReport report) throws Exception {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305(new byte[32]);
        byte[] plain = new byte[PACKET], sealed = new byte[PACKET + ChaCha20Poly1305.TAG_SIZE], opened = new byte[PACKET];
        for (int i = 0; i < PACKET; i++) plain[i] = (byte) i;
        for (int i = 0; i < ROUNDS / 10; i++) cycle(aead, i, plain, sealed, opened); // warm-up
        double start = CoreSelfTest.wallMillis();
        for (int i = 0; i < ROUNDS; i++) cycle(aead, i, plain, sealed, opened);
        double ms = Math.max(CoreSelfTest.wallMillis() - start, 0.001);
        if (!Arrays.equals(plain, opened)) report.fail("aead: opened bytes differ from the sealed ones");
        report.putRate("aeadMBps", (double) PACKET * ROUNDS / 1e6 / (ms / 1000));
    }

    private static void cycle(ChaCha20Poly1305 aead, long counter, byte[] plain, byte[] sealed, byte[] opened) throws Exception {
        byte[] nonce = ChaCha20Poly1305.nonceLittleEndian(counter);
        aead.seal(nonce, null, plain, 0, plain.length, sealed, 0);
        aead.open(nonce, null, sealed, 0, sealed.length, opened, 0);
    }
}
