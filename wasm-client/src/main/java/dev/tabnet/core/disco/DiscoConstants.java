package dev.tabnet.core.disco;

/** Constants of tailscale disco/disco.go and tailcfg. */
public final class DiscoConstants {
    private DiscoConstants() {}

    /** "TS💬" in UTF-8. */
    public static final byte[] MAGIC = {0x54, 0x53, (byte) 0xf0, (byte) 0x9f, (byte) 0x92, (byte) 0xac};
    public static final int KEY_LEN = 32;
    public static final int NONCE_LEN = 24;
    /** magic ‖ sender disco key ‖ nonce: anything shorter is not a disco packet. */
    public static final int WRAPPER_HEADER_LEN = 6 + KEY_LEN + NONCE_LEN;
    public static final int MESSAGE_HEADER_LEN = 2;
    public static final int V0 = 0;

    public static final int TYPE_PING = 0x01;
    public static final int TYPE_PONG = 0x02;
    public static final int TYPE_CALL_ME_MAYBE = 0x03;
    public static final int TYPE_BIND_UDP_RELAY_ENDPOINT = 0x04;
    public static final int TYPE_BIND_UDP_RELAY_ENDPOINT_CHALLENGE = 0x05;
    public static final int TYPE_BIND_UDP_RELAY_ENDPOINT_ANSWER = 0x06;
    public static final int TYPE_CALL_ME_MAYBE_VIA = 0x07;
    public static final int TYPE_ALLOCATE_UDP_RELAY_ENDPOINT_REQUEST = 0x08;
    public static final int TYPE_ALLOCATE_UDP_RELAY_ENDPOINT_RESPONSE = 0x09;

    public static final int TX_ID_LEN = 12;
    public static final int EP_LENGTH = 16 + 2;
    public static final int BIND_UDP_RELAY_CHALLENGE_LEN = 32;

    /** tailcfg.DerpMagicIP: the fake address magicsock uses for "via DERP region N" (port = region ID). */
    public static final byte[] DERP_MAGIC_IPV4 = {127, 3, 3, 40};

    /** disco.LooksLikeDiscoWrapper: long enough and starts with the magic. */
    public static boolean looksLikeDiscoWrapper(byte[] p, int off, int len) {
        if (len < WRAPPER_HEADER_LEN) return false;
        for (int i = 0; i < MAGIC.length; i++) if (p[off + i] != MAGIC[i]) return false;
        return true;
    }

    public static boolean looksLikeDiscoWrapper(byte[] p) {
        return looksLikeDiscoWrapper(p, 0, p.length);
    }

    /** An IPv4 address as the 16-byte IPv4-mapped IPv6 form used on the wire. */
    public static byte[] v4Mapped(byte[] ipv4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, a, 12, 4);
        return a;
    }
}
