package dev.tabnet.server.tailnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {
    @Test
    void firstNodeGetsTheFirstAddressOfBothRanges() throws Exception {
        AddressAllocator.Addresses a = new AddressAllocator().allocate();
        assertEquals("100.64.0.1", a.ipv4Text());
        assertEquals("fd7a:115c:a1e0::1", a.ipv6Text());
        assertArrayEquals(InetAddress.getByName("100.64.0.1").getAddress(), a.ipv4());
        assertArrayEquals(InetAddress.getByName("fd7a:115c:a1e0::1").getAddress(), a.ipv6());
    }

    @Test
    void ipv6TextMatchesTheJdkParserBeyond16Bits() throws Exception {
        AddressAllocator.Addresses a = AddressAllocator.Addresses.forOffset(0x12345);
        assertEquals("100.65.35.69", a.ipv4Text());
        assertArrayEquals(InetAddress.getByName(a.ipv6Text()).getAddress(), a.ipv6());
        assertEquals("fd7a:115c:a1e0::1:2345", a.ipv6Text());
    }

    @Test
    void releasedAddressesAreReusedLowestFirst() {
        AddressAllocator alloc = new AddressAllocator();
        AddressAllocator.Addresses a = alloc.allocate(), b = alloc.allocate(), c = alloc.allocate();
        alloc.release(b);
        alloc.release(a);
        assertEquals(a, alloc.allocate());
        assertEquals(b, alloc.allocate());
        assertNotEquals(c, alloc.allocate());
    }

    @Test
    void neverHandsOutQuad100OrTheChromeOsRange() {
        AddressAllocator alloc = new AddressAllocator();
        Set<String> seen = new HashSet<>();
        // Allocate past 100.115.93.255, i.e. through both reserved blocks.
        int upTo = ((115 - 64) << 16) + (94 << 8);
        for (int i = 0; i < upTo; i++) {
            String ip = alloc.allocate().ipv4Text();
            if (ip.equals("100.100.100.100") || ip.startsWith("100.115.92.") || ip.startsWith("100.115.93.")) seen.add(ip);
        }
        assertEquals(Set.of(), seen);
    }
}
