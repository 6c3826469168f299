package dev.tabnet.core.http2;

/** Frame types (RFC 9113 §6) and flags. */
public final class FrameType {
    private FrameType() {}

    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    /** Frame header: 24-bit length, 8-bit type, 8-bit flags, R bit + 31-bit stream id. */
    public static final int HEADER_LENGTH = 9;

    public static String name(int type) {
        switch (type) {
            case DATA: return "DATA";
            case HEADERS: return "HEADERS";
            case PRIORITY: return "PRIORITY";
            case RST_STREAM: return "RST_STREAM";
            case SETTINGS: return "SETTINGS";
            case PUSH_PROMISE: return "PUSH_PROMISE";
            case PING: return "PING";
            case GOAWAY: return "GOAWAY";
            case WINDOW_UPDATE: return "WINDOW_UPDATE";
            case CONTINUATION: return "CONTINUATION";
            default: return "UNKNOWN(0x" + Integer.toHexString(type) + ")";
        }
    }
}
