package dev.tabnet.core.http2;

/** Client connection settings. Fields are public; change them before constructing the connection. */
public final class Http2Config {
    /** Sent as :authority. */
    public String authority = "localhost";
    /** Sent as :scheme (the transport below, e.g. Noise, is opaque to HTTP/2). */
    public String scheme = "http";
    /** Our SETTINGS_HEADER_TABLE_SIZE (decoder) and the cap on the encoder's table. */
    public int headerTableSize = 4096;
    /** Our SETTINGS_INITIAL_WINDOW_SIZE: how much each response stream may send before we replenish. */
    public int initialStreamWindow = 1 << 20;
    /** Connection-level receive window, opened with a WINDOW_UPDATE right after the preface. */
    public int connectionWindow = 4 << 20;
    /** Our SETTINGS_MAX_FRAME_SIZE. */
    public int maxFrameSize = Settings.MIN_MAX_FRAME_SIZE;
    /** Our SETTINGS_MAX_HEADER_LIST_SIZE; larger received header blocks are refused. */
    public int maxHeaderListSize = 1 << 20;
    /** Huffman-code literals when that is not longer. */
    public boolean huffman = true;
    /**
     * When true, data counts as consumed as soon as onData returns, so windows are replenished
     * automatically. When false the application calls {@link Http2Stream#consume} (back-pressure).
     */
    public boolean autoConsume = true;
    /** Upper bound on bytes generated per {@link Http2Connection#takeOutput} (DATA is produced lazily). */
    public int outputChunk = 64 * 1024;
}
