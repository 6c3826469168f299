package dev.tabnet.core.control;

import dev.tabnet.core.ip.IpAddress;

/** An address and prefix length, as in "100.64.0.1/32" (Go's netip.Prefix text form). */
public final class IpPrefix {
    public final IpAddress address;
    public final int bits;

    public IpPrefix(IpAddress address, int bits) {
        if (bits < 0 || bits > address.length() * 8) throw new IllegalArgumentException("prefix length " + bits + " out of range");
        this.address = address;
        this.bits = bits;
    }

    /** Parses "a.b.c.d/n" or "v6/n"; a bare address is a full-length prefix. */
    public static IpPrefix parse(String s) {
        int slash = s.indexOf('/');
        IpAddress a = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
        int bits = a.length() * 8;
        if (slash >= 0) {
            String n = s.substring(slash + 1);
            bits = 0;
            if (n.isEmpty() || n.length() > 3) throw new IllegalArgumentException("bad prefix length in " + s);
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c < '0' || c > '9') throw new IllegalArgumentException("bad prefix length in " + s);
                bits = bits * 10 + (c - '0');
            }
        }
        return new IpPrefix(a, bits);
    }

    public boolean isSingleAddress() {
        return bits == address.length() * 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix && ((IpPrefix) o).bits == bits && ((IpPrefix) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + bits;
    }

    @Override
    public String toString() {
        return address + "/" + bits;
    }
}
