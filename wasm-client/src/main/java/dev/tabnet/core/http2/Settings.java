package dev.tabnet.core.http2;

/** SETTINGS parameters (RFC 9113 §6.5.2) with their initial values; one instance per direction. */
public final class Settings {
    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    public static final int DEFAULT_WINDOW_SIZE = 65535;
    public static final int MIN_MAX_FRAME_SIZE = 16384;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;

    public long headerTableSize = 4096;
    public long enablePush = 1;
    /** Unlimited until the peer says otherwise. */
    public long maxConcurrentStreams = Long.MAX_VALUE;
    public long initialWindowSize = DEFAULT_WINDOW_SIZE;
    public long maxFrameSize = MIN_MAX_FRAME_SIZE;
    /** Advisory; unlimited until the peer says otherwise. */
    public long maxHeaderListSize = Long.MAX_VALUE;

    public static String name(int id) {
        switch (id) {
            case SETTINGS_HEADER_TABLE_SIZE: return "SETTINGS_HEADER_TABLE_SIZE";
            case SETTINGS_ENABLE_PUSH: return "SETTINGS_ENABLE_PUSH";
            case SETTINGS_MAX_CONCURRENT_STREAMS: return "SETTINGS_MAX_CONCURRENT_STREAMS";
            case SETTINGS_INITIAL_WINDOW_SIZE: return "SETTINGS_INITIAL_WINDOW_SIZE";
            case SETTINGS_MAX_FRAME_SIZE: return "SETTINGS_MAX_FRAME_SIZE";
            case SETTINGS_MAX_HEADER_LIST_SIZE: return "SETTINGS_MAX_HEADER_LIST_SIZE";
            default: return "UNKNOWN(0x" + Integer.toHexString(id) + ")";
        }
    }

    @Override
    public String toString() {
        return "Settings{headerTableSize=" + headerTableSize + ", enablePush=" + enablePush
            + ", maxConcurrentStreams=" + maxConcurrentStreams + ", initialWindowSize=" + initialWindowSize
            + ", maxFrameSize=" + maxFrameSize + ", maxHeaderListSize=" + maxHeaderListSize + "}";
    }
}
