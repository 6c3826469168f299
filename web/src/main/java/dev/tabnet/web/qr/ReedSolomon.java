package dev.tabnet.web.qr;

/** Reed–Solomon error-correction codewords over GF(2^8) with the QR field polynomial x^8+x^4+x^3+x^2+1. */
final class ReedSolomon {
    private static final int FIELD_POLY = 0x11D;
    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) x ^= FIELD_POLY;
        }
        for (int i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
    }

    private ReedSolomon() {}

    private static int mul(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /** Generator (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient first, leading 1 dropped. */
    private static int[] generator(int degree) {
        int[] g = new int[degree + 1];
        g[0] = 1;
        for (int i = 0; i < degree; i++) {
            int root = EXP[i];
            for (int j = i + 1; j >= 1; j--) g[j] ^= mul(g[j - 1], root);
        }
        int[] tail = new int[degree];
        System.arraycopy(g, 1, tail, 0, degree);
        return tail;
    }

    /** The remainder of data·x^ecLength divided by the generator: the block's EC codewords. */
    static byte[] remainder(byte[] data, int off, int len, int ecLength) {
        int[] gen = generator(ecLength);
        int[] rem = new int[ecLength];
        for (int i = 0; i < len; i++) {
            int factor = (data[off + i] & 0xFF) ^ rem[0];
            System.arraycopy(rem, 1, rem, 0, ecLength - 1);
            rem[ecLength - 1] = 0;
            for (int j = 0; j < ecLength; j++) rem[j] ^= mul(gen[j], factor);
        }
        byte[] out = new byte[ecLength];
        for (int j = 0; j < ecLength; j++) out[j] = (byte) rem[j];
        return out;
    }
}
