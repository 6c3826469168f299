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

    /** Every byte was written: the file is complete and can be offered or saved. */
    void finish();

    /** The download failed or was cancelled; drop what was written. reason is for logs. */
    void abort(String reason);
}
