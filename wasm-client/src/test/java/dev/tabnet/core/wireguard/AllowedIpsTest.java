package dev.tabnet.core.wireguard;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tabnet.core.testutil.SeededEntropy;
import org.junit.jupiter.api.Test;

class AllowedIpsTest {
    private final WireGuardDevice dev = new WireGuardDevice(new byte[32], new SeededEntropy(1), null);
    private final WireGuardPeer a = new WireGuardPeer(dev, new byte[32], new byte[32]);
    private final WireGuardPeer b = new WireGuardPeer(dev, new byte[32], new byte[32]);

    private static byte[] v4(int x, int y, int z, int w) {
        return new byte[] {(byte) x, (byte) y, (byte) z, (byte) w};
    }

    private static byte[] v6(int... words) {
        byte[] out = new byte[16];
        for (int i = 0; i < words.length; i++) {
            out[2 * i] = (byte) (words[i] >>> 8);
            out[2 * i + 1] = (byte) words[i];
        }
        return out;
    }

    private static WireGuardPeer find(AllowedIps t, byte[] ip) {
        return t.lookup(ip, 0, ip.length);
    }

    @Test
    void longestPrefixWinsForIpv4() {
        AllowedIps t = new AllowedIps();
        t.insert(v4(100, 64, 0, 0), 10, a);
        t.insert(v4(100, 100, 1, 7), 32, b);
        t.insert(v4(100, 100, 0, 0), 16, b);
        assertSame(b, find(t, v4(100, 100, 1, 7)));
        assertSame(b, find(t, v4(100, 100, 200, 1)));
        assertSame(a, find(t, v4(100, 101, 0, 1)));
        assertSame(a, find(t, v4(100, 127, 255, 255)));
        assertNull(find(t, v4(100, 128, 0, 1)));
        assertNull(find(t, v4(10, 0, 0, 1)));
    }

    @Test
    void longestPrefixWinsForIpv6AndFamiliesAreSeparate() {
        AllowedIps t = new AllowedIps();
        t.insert(v6(0xfd7a, 0x115c, 0xa1e0), 48, a);
        t.insert(v6(0xfd7a, 0x115c, 0xa1e0, 0, 0, 0, 0x1234, 0x5678), 128, b);
        t.insert(v4(0, 0, 0, 0), 0, b);
        assertSame(b, find(t, v6(0xfd7a, 0x115c, 0xa1e0, 0, 0, 0, 0x1234, 0x5678)));
        assertSame(a, find(t, v6(0xfd7a, 0x115c, 0xa1e0, 0, 0, 0, 0x1234, 0x5679)));
        assertNull(find(t, v6(0xfd7a, 0x115c, 0xa1e1)));
        assertSame(b, find(t, v4(8, 8, 8, 8)));
    }

    @Test
    void reinsertingAPrefixMovesItAndRemovalForgetsPeer() {
        AllowedIps t = new AllowedIps();
        t.insert(v4(10, 1, 2, 3), 24, a); // host bits are masked off
        assertSame(a, find(t, v4(10, 1, 2, 200)));
        t.insert(v4(10, 1, 2, 0), 24, b);
        assertSame(b, find(t, v4(10, 1, 2, 200)));
        t.removeByPeer(b);
        assertNull(find(t, v4(10, 1, 2, 200)));
    }
}
