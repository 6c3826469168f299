package dev.tabnet.server.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out tailnet addresses: IPv4 from the CGNAT range 100.64.0.0/10 and IPv6 from Tailscale's ULA
 * range fd7a:115c:a1e0::/48, sequentially (headscale's default strategy). Like headscale it never
 * gives out the network and broadcast addresses, the Tailscale service addresses 100.100.100.100 and
 * fd7a:115c:a1e0::53, or the ChromeOS VM range 100.115.92.0/23 (net/tsaddr). Released addresses
 * (ephemeral nodes) are reused after the search wraps around. Thread-safe.
 */
public final class AddressAllocator {
    public static final String CGNAT_RANGE = "100.64.0.0/10";
    public static final String TAILSCALE_ULA_RANGE = "fd7a:115c:a1e0::/48";

    private static final long V4_BASE = ipv4("100.64.0.0");
    private static final long V4_SIZE = 1L << 22; // /10
    private static final long SERVICE_IP = ipv4("100.100.100.100");
    private static final long CHROMEOS_VM_START = ipv4("100.115.92.0");
    private static final long CHROMEOS_VM_END = ipv4("100.115.93.255");
    private static final long SERVICE_IPV6_LOW = 0x53; // fd7a:115c:a1e0::53
    private static final byte[] ULA_PREFIX = {(byte) 0xfd, 0x7a, 0x11, 0x5c, (byte) 0xa1, (byte) 0xe0};
    /** Only the low 64 bits of the /48's 80 host bits are used; 2^64 addresses is plenty. */
    private static final long V6_LAST = -2L; // ::ffff:ffff:ffff:fffe as unsigned; ::ffff..ff is left alone

    private final Set<Long> usedV4 = new HashSet<>();
    private final Set<Long> usedV6 = new HashSet<>();
    private long prevV4; // offsets from the range start; 0 = network address
    private long prevV6;

    public AddressAllocator() {
        this(0, 0);
    }

    /** For tests: continue the search after the given offsets into each range. */
    AddressAllocator(long prevV4Offset, long prevV6Low) {
        this.prevV4 = prevV4Offset;
        this.prevV6 = prevV6Low;
    }

    /** One node's pair. */
    public record Addresses(InetAddress ipv4, InetAddress ipv6) {
        /** As Tailscale's Node.Addresses: ["100.x.y.z/32", "fd7a:…/128"]. */
        public String[] prefixes() {
            return new String[] {ipv4.getHostAddress() + "/32", AddressAllocator.format6(ipv6) + "/128"};
        }
    }

    /** The next free pair; throws IllegalStateException when the IPv4 range is exhausted. */
    public synchronized Addresses allocate() {
        long v4 = nextV4();
        long v6 = nextV6();
        usedV4.add(v4);
        usedV6.add(v6);
        prevV4 = v4;
        prevV6 = v6;
        return new Addresses(v4Address(V4_BASE + v4), v6Address(v6));
    }

    /** Returns a pair to the pool (e.g. an ephemeral node was deleted). Unknown addresses are ignored. */
    public synchronized void release(Addresses a) {
        usedV4.remove(ipv4(a.ipv4().getHostAddress()) - V4_BASE);
        byte[] b = a.ipv6().getAddress();
        long low = 0;
        for (int i = 8; i < 16; i++) low = low << 8 | (b[i] & 0xff);
        usedV6.remove(low);
    }

    public synchronized int allocated() {
        return usedV4.size();
    }

    private long nextV4() {
        long candidate = prevV4;
        for (long tries = 0; tries < V4_SIZE; tries++) {
            candidate = candidate + 1 >= V4_SIZE - 1 ? 1 : candidate + 1; // skip network (0) and broadcast
            if (!usedV4.contains(candidate) && !reservedV4(V4_BASE + candidate)) return candidate;
        }
        throw new IllegalStateException("no free address left in " + CGNAT_RANGE);
    }

    private long nextV6() {
        long candidate = prevV6;
        while (true) {
            candidate = candidate == V6_LAST ? 1 : candidate + 1;
            if (!usedV6.contains(candidate) && candidate != SERVICE_IPV6_LOW) return candidate;
        }
    }

    private static boolean reservedV4(long ip) {
        return ip == SERVICE_IP || (ip >= CHROMEOS_VM_START && ip <= CHROMEOS_VM_END);
    }

    private static long ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        long v = 0;
        for (String s : p) v = v << 8 | Integer.parseInt(s);
        return v;
    }

    private static InetAddress v4Address(long ip) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress v6Address(long low) {
        byte[] b = new byte[16];
        System.arraycopy(ULA_PREFIX, 0, b, 0, ULA_PREFIX.length);
        for (int i = 0; i < 8; i++) b[15 - i] = (byte) (low >>> (8 * i));
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952 text (Go's netip form): lower case, longest zero run compressed. */
    static String format6(InetAddress a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
