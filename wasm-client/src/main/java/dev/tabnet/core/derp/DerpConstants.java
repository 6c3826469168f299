package dev.tabnet.core.derp;

/** Protocol constants, named and valued as in tailscale derp/derp.go and derpserver. */
public final class DerpConstants {
    private DerpConstants() {}

    public static final int PROTOCOL_VERSION = 2;
    /** "DERP🔑" in UTF-8: the first 8 bytes of a ServerKey frame body. */
    public static final byte[] MAGIC = {0x44, 0x45, 0x52, 0x50, (byte) 0xf0, (byte) 0x9f, (byte) 0x94, (byte) 0x91};
    public static final int FRAME_HEADER_LEN = 5;
    public static final int KEY_LEN = 32;
    public static final int NONCE_LEN = 24;
    /** Largest SendPacket/RecvPacket payload (excluding the 32-byte key). */
    public static final int MAX_PACKET_SIZE = 64 << 10;
    /** Largest ServerInfo JSON. */
    public static final int MAX_INFO_LEN = 1 << 20;
    /** The Go client rejects any frame longer than this. */
    public static final int CLIENT_MAX_FRAME_LEN = 1 << 20;
    /** Server-side bounds on the ClientInfo frame (we do not trust the client yet). */
    public static final int CLIENT_INFO_MIN_LEN = KEY_LEN + NONCE_LEN;
    public static final int CLIENT_INFO_MAX_LEN = 256 << 10;
    /** ServerKey frame: magic + key, possibly more; the client reads at most 1 KiB of it. */
    public static final int SERVER_KEY_MIN_LEN = 8 + KEY_LEN;
    public static final int SERVER_KEY_MAX_LEN = 1 << 10;
    /** Server-side bounds on a Ping body; only the first 8 bytes are echoed. */
    public static final int PING_LEN = 8;
    public static final int PING_MAX_LEN = 1000;

    public static final long KEEP_ALIVE_NANOS = 60_000_000_000L;
    /** The server adds a random jitter in [0, 5 s) to each connection's keep-alive period. */
    public static final long KEEP_ALIVE_JITTER_NANOS = 5_000_000_000L;
    /** Client read timeout: no frame for this long means the connection is dead. */
    public static final long CLIENT_READ_TIMEOUT_NANOS = 120_000_000_000L;
    /** Server accept deadline (ServerKey written, ClientInfo read) and client connect timeout. */
    public static final long ACCEPT_TIMEOUT_NANOS = 10_000_000_000L;

    public static final int PEER_GONE_REASON_DISCONNECTED = 0x00;
    public static final int PEER_GONE_REASON_NOT_HERE = 0x01;
    /** Invented locally by the Go mesh client; never on the wire. */
    public static final int PEER_GONE_REASON_MESH_CONN_BROKE = 0xf0;

    public static final int PEER_PRESENT_IS_REGULAR = 1;
    public static final int PEER_PRESENT_IS_MESH_PEER = 1 << 1;
    public static final int PEER_PRESENT_IS_PROBER = 1 << 2;
    public static final int PEER_PRESENT_NOT_IDEAL = 1 << 3;

    /** WebSocket subprotocol and HTTP Upgrade token. */
    public static final String WEBSOCKET_SUBPROTOCOL = "derp";
    public static final String UPGRADE_TOKEN = "DERP";
    public static final String DERP_VERSION_HEADER = "Derp-Version";
    public static final String DERP_PUBLIC_KEY_HEADER = "Derp-Public-Key";
    public static final String FAST_START_HEADER = "Derp-Fast-Start";
}
