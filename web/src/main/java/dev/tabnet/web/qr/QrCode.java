package dev.tabnet.web.qr;

import java.nio.charset.StandardCharsets;

/**
 * A QR code symbol (ISO/IEC 18004) for a short text: byte mode, error-correction level M,
 * versions 1–15, with the mask chosen by the standard's penalty rules. Written for the login link,
 * so it has no other modes and no regex or formatting code that would grow the Wasm client.
 */
public final class QrCode {
    /** Level M in the format information (§7.9.1). */
    private static final int FORMAT_ECL_M = 0b00;
    private static final int FORMAT_GENERATOR = 0x537;
    private static final int FORMAT_XOR = 0x5412;
    private static final int VERSION_GENERATOR = 0x1F25;

    /** Alignment pattern centre coordinates per version (index = version), from the standard's Annex E. */
    private static final int[][] ALIGNMENT = {
        {}, {}, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34}, {6, 22, 38}, {6, 24, 42}, {6, 26, 46},
        {6, 28, 50}, {6, 30, 54}, {6, 32, 58}, {6, 34, 62}, {6, 26, 46, 66}, {6, 26, 48, 70},
    };

    public final int version;
    public final int size;
    public final int mask;
    private final boolean[][] dark;

    private QrCode(int version, int mask, boolean[][] dark) {
        this.version = version;
        this.size = dark.length;
        this.mask = mask;
        this.dark = dark;
    }

    public boolean isDark(int x, int y) {
        return dark[y][x];
    }

    /** Encodes {@code text} as UTF-8; throws IllegalArgumentException when it needs more than version 15. */
    public static QrCode encode(String text) {
        return encode(text, -1);
    }

    /** As {@link #encode(String)}, with {@code forcedMask} 0–7 instead of the lowest-penalty mask when not -1. */
    static QrCode encode(String text, int forcedMask) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int version = QrCodewords.smallestVersion(payload.length);
        if (version < 0) throw new IllegalArgumentException("text too long for a QR code here: " + payload.length + " bytes");
        byte[] codewords = QrCodewords.build(payload, version);
        Grid base = new Grid(version);
        base.drawFunctionPatterns();
        base.placeData(codewords);

        QrCode best = null;
        int bestPenalty = Integer.MAX_VALUE;
        for (int m = 0; m < 8; m++) {
            if (forcedMask >= 0 && m != forcedMask) continue;
            Grid g = base.copy();
            g.applyMask(m);
            g.drawFormat(m);
            int penalty = Penalty.score(g.dark);
            if (penalty < bestPenalty) {
                bestPenalty = penalty;
                best = new QrCode(version, m, g.dark);
            }
        }
        return best;
    }

    static int[] alignmentCentres(int version) {
        return ALIGNMENT[version].clone();
    }

    static boolean maskBit(int mask, int x, int y) {
        switch (mask) {
            case 0: return (y + x) % 2 == 0;
            case 1: return y % 2 == 0;
            case 2: return x % 3 == 0;
            case 3: return (y + x) % 3 == 0;
            case 4: return (y / 2 + x / 3) % 2 == 0;
            case 5: return (x * y) % 2 + (x * y) % 3 == 0;
            case 6: return ((x * y) % 2 + (x * y) % 3) % 2 == 0;
            default: return ((x + y) % 2 + (x * y) % 3) % 2 == 0;
        }
    }

    /** BCH remainder of {@code value << (degree)} by {@code generator} (degree = bit length of generator - 1). */
    static int bch(int value, int generator) {
        int degree = 31 - Integer.numberOfLeadingZeros(generator);
        int r = value << degree;
        for (int bit = 31 - Integer.numberOfLeadingZeros(r); bit >= degree; bit--) {
            if (((r >>> bit) & 1) != 0) r ^= generator << (bit - degree);
        }
        return (value << degree) | r;
    }

    private static final class Grid {
        final int version;
        final int size;
        final boolean[][] dark;
        final boolean[][] function;

        Grid(int version) {
            this.version = version;
            this.size = 17 + 4 * version;
            this.dark = new boolean[size][size];
            this.function = new boolean[size][size];
        }

        private Grid(Grid o) {
            version = o.version;
            size = o.size;
            dark = new boolean[size][];
            for (int y = 0; y < size; y++) dark[y] = o.dark[y].clone();
            function = o.function;
        }

        Grid copy() {
            return new Grid(this);
        }

        private void set(int x, int y, boolean isDark) {
            dark[y][x] = isDark;
            function[y][x] = true;
        }

        void drawFunctionPatterns() {
            for (int i = 0; i < size; i++) {
                set(6, i, i % 2 == 0);
                set(i, 6, i % 2 == 0);
            }
            drawFinder(3, 3);
            drawFinder(size - 4, 3);
            drawFinder(3, size - 4);
            int[] centres = ALIGNMENT[version];
            int last = centres.length - 1;
            for (int i = 0; i < centres.length; i++) {
                for (int j = 0; j < centres.length; j++) {
                    boolean overlapsFinder = (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0);
                    if (!overlapsFinder) drawAlignment(centres[i], centres[j]);
                }
            }
            drawFormat(0); // reserves the format areas; redrawn per mask
            drawVersion();
        }

        /** Finder pattern with its light separator, centred at (cx, cy); parts outside the symbol are skipped. */
        private void drawFinder(int cx, int cy) {
            for (int dy = -4; dy <= 4; dy++) {
                for (int dx = -4; dx <= 4; dx++) {
                    int x = cx + dx;
                    int y = cy + dy;
                    if (x < 0 || y < 0 || x >= size || y >= size) continue;
                    int ring = Math.max(Math.abs(dx), Math.abs(dy));
                    set(x, y, ring != 2 && ring != 4);
                }
            }
        }

        private void drawAlignment(int cx, int cy) {
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) != 1);
            }
        }

        /** Both copies of the 15-bit format information and the dark module (§7.9). */
        void drawFormat(int mask) {
            int bits = bch(FORMAT_ECL_M << 3 | mask, FORMAT_GENERATOR) ^ FORMAT_XOR;
            for (int i = 0; i <= 5; i++) set(8, i, bit(bits, i));
            set(8, 7, bit(bits, 6));
            set(8, 8, bit(bits, 7));
            set(7, 8, bit(bits, 8));
            for (int i = 9; i < 15; i++) set(14 - i, 8, bit(bits, i));
            for (int i = 0; i < 8; i++) set(size - 1 - i, 8, bit(bits, i));
            for (int i = 8; i < 15; i++) set(8, size - 15 + i, bit(bits, i));
            set(8, size - 8, true);
        }

        /** The two 6×3 copies of the 18-bit version information, versions 7 and up (§7.10). */
        private void drawVersion() {
            if (version < 7) return;
            int bits = bch(version, VERSION_GENERATOR);
            for (int i = 0; i < 18; i++) {
                int a = size - 11 + i % 3;
                int b = i / 3;
                set(a, b, bit(bits, i));
                set(b, a, bit(bits, i));
            }
        }

        /** Places codeword bits, most significant first, in two-module columns zigzagging up and down from the bottom right (§7.7.3). */
        void placeData(byte[] codewords) {
            int n = 0;
            int total = codewords.length * 8;
            boolean upward = true;
            for (int right = size - 1; right >= 1; right -= 2) {
                if (right == 6) right = 5; // the vertical timing pattern column is skipped
                for (int k = 0; k < size; k++) {
                    int y = upward ? size - 1 - k : k;
                    for (int dx = 0; dx < 2; dx++) {
                        int x = right - dx;
                        if (function[y][x]) continue;
                        if (n < total) dark[y][x] = ((codewords[n >> 3] >>> (7 - (n & 7))) & 1) != 0;
                        n++; // remainder bits beyond the codewords stay light
                    }
                }
                upward = !upward;
            }
        }

        void applyMask(int mask) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (!function[y][x] && maskBit(mask, x, y)) dark[y][x] = !dark[y][x];
                }
            }
        }

        private static boolean bit(int value, int i) {
            return ((value >>> i) & 1) != 0;
        }
    }
}
