package dev.tabnet.server.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tailnet address allocation, with the reserved addresses of tailscale net/tsaddr and headscale's IPAllocator. */
class AddressAllocatorTest {
    private static long offset(String v4) throws Exception {
        byte[] b = InetAddress.getByName(v4).getAddress();
        long v = 0;
        for (byte x : b) v = v << 8 | (x & 0xff);
        return v - ((100L << 24) | (64L << 16));
    }

    @Test
    void firstPairIsTheFirstHostOfEachRange() {
        AddressAllocator.Addresses a = new AddressAllocator().allocate();
        assertEquals("100.64.0.1", a.ipv4().getHostAddress());
        assertArrayEquals(new String[] {"100.64.0.1/32", "fd7a:115c:a1e0::1/128"}, a.prefixes());
        AddressAllocator.Addresses b = new AddressAllocator().allocate();
        assertEquals(a, b, "deterministic");
    }

    @Test
    void sequentialAndUnique() {
        AddressAllocator alloc = new AddressAllocator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String[] p = alloc.allocate().prefixes();
            assertTrue(seen.add(p[0]) && seen.add(p[1]), "duplicate at " + i);
        }
        assertTrue(seen.contains("100.64.3.232/32"), "1000th IPv4");
        assertTrue(seen.contains("fd7a:115c:a1e0::3e8/128"), "1000th IPv6, RFC 5952 form like Go's netip");
        assertEquals(1000, alloc.allocated());
    }

    @Test
    void serviceAddressesAreSkipped() throws Exception {
        AddressAllocator alloc = new AddressAllocator(offset("100.100.100.99"), 0x52);
        AddressAllocator.Addresses a = alloc.allocate();
        assertEquals("100.100.100.101", a.ipv4().getHostAddress(), "100.100.100.100 is Tailscale's service IP");
        assertEquals("fd7a:115c:a1e0::54/128", a.prefixes()[1], "fd7a:115c:a1e0::53 is the IPv6 service IP");
    }

    @Test
    void chromeOsVmRangeIsSkipped() throws Exception {
        AddressAllocator alloc = new AddressAllocator(offset("100.115.91.255"), 0);
        assertEquals("100.115.94.0", alloc.allocate().ipv4().getHostAddress(), "100.115.92.0/23 belongs to ChromeOS VMs");
    }

    @Test
    void broadcastIsSkippedAndTheSearchWraps() throws Exception {
        AddressAllocator near = new AddressAllocator(offset("100.127.255.253"), 0);
        assertEquals("100.127.255.254", near.allocate().ipv4().getHostAddress());
        assertEquals("100.64.0.1", near.allocate().ipv4().getHostAddress(), "100.127.255.255 is the broadcast address");
    }

    @Test
    void releasedAddressesAreReusedOnlyAfterWrapping() {
        AddressAllocator alloc = new AddressAllocator();
        AddressAllocator.Addresses a = alloc.allocate();
        alloc.release(a);
        assertEquals("100.64.0.2", alloc.allocate().ipv4().getHostAddress(), "next-fit, so a reconnecting peer does not inherit an old address at once");
        assertEquals(1, alloc.allocated());
    }

    @Test
    void ipv6TextFormMatchesGo() throws Exception {
        assertEquals("fd7a:115c:a1e0::1", AddressAllocator.format6(InetAddress.getByName("fd7a:115c:a1e0:0:0:0:0:1")));
        assertEquals("fd7a:115c:a1e0:ab12:4843:cd96:6200:1", AddressAllocator.format6(InetAddress.getByName("fd7a:115c:a1e0:ab12:4843:cd96:6200:1")));
        assertEquals("fd7a:0:0:1::1", AddressAllocator.format6(InetAddress.getByName("fd7a:0:0:1:0:0:0:1")), "longest zero run wins, first on ties");
        assertEquals("1:0:2::", AddressAllocator.format6(InetAddress.getByName("1:0:2:0:0:0:0:0")), "a single zero group is not compressed");
    }
}
