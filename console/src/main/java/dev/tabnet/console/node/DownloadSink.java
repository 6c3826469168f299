package dev.tabnet.console.node;

/**
 * Where a download's bytes go, provided by the platform ({@link NodePlatform#openDownload}): the
 * browser saves them as a file download, the JVM writes a file. All calls come on the node's event
 * loop, in this order: write… then exactly one of finish or abort.
 */
public interface DownloadSink {
    /**
     * The next bytes of the file. The array is reused after the call returns: copy what you keep.
     * A sink that cannot store them throws (any RuntimeException); the download then fails with its message.
     */
    void write(byte[] b, int off, int len);

    /**
     * For a sink that stores asynchronously (e.g. into a WritableStream): how many of the bytes
     * written so far are not stored yet. The server may run only one SSH window (2 MB) ahead of
     * what is stored, so a slow sink slows the transfer down instead of filling memory. The default,
     * 0, means write() stores (or copies) the bytes before it returns.
     */
    default long unstoredBytes() {
        return 0;
    }

    /**
     * Called once, right after the sink is opened: an asynchronous sink runs stored on the event
     * loop whenever unstoredBytes() went down, so the download can reopen the window.
     */
    default void onStored(Runnable stored) {}

    /** Every byte was written: the file is complete and can be offered or saved. */
    void finish();

    /** The download failed or was cancelled; drop what was written. reason is for logs. */
    void abort(String reason);
}
