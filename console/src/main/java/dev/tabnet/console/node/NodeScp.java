package dev.tabnet.console.node;

import dev.tabnet.console.tailnet.ScpListener;
import dev.tabnet.core.Clock;
import dev.tabnet.core.ssh.ScpDownload;
import dev.tabnet.core.ssh.SshClient;

/**
 * The console's scp download over one {@link NodeSsh} connection: the core {@link ScpDownload}
 * feeding the platform's {@link DownloadSink}. Bytes are acknowledged to the server (its window
 * reopens) only once the sink has stored them ({@link DownloadSink#unstoredBytes}), and progress is
 * reported at most every {@link #PROGRESS_INTERVAL_NANOS}.
 */
final class NodeScp implements NodeSsh.Work, ScpDownload.Listener {
    static final long PROGRESS_INTERVAL_NANOS = Clock.millis(250);

    private final NodePlatform platform;
    private final ScpListener listener;
    private final NodeSsh.Ending ending;
    private final Runnable send;
    private final ScpDownload download;
    private DownloadSink sink;
    private String name;
    private long size;
    private long received;
    private long acknowledged;
    private long started;
    private long lastProgress;

    NodeScp(NodePlatform platform, SshClient client, String path, ScpListener listener, NodeSsh.Ending ending, Runnable send) {
        this.platform = platform;
        this.listener = listener;
        this.ending = ending;
        this.send = send;
        this.download = new ScpDownload(client, path, this);
    }

    static NodeSsh.WorkFactory factory(NodePlatform platform, String path, ScpListener listener) {
        return (client, ending, send) -> new NodeScp(platform, client, path, listener, ending, send);
    }

    @Override
    public void header(String fileName, long fileSize, int mode) {
        name = fileName;
        size = fileSize;
        try {
            sink = platform.openDownload(fileName, fileSize);
        } catch (RuntimeException e) {
            download.abort("cannot save " + fileName + ": " + e.getMessage());
            return;
        }
        if (sink == null) {
            download.abort("this page cannot save files");
            return;
        }
        started = lastProgress = platform.nowNanos();
        DownloadSink opened = sink;
        opened.onStored(() -> {
            if (sink == opened && acknowledge()) send.run();
        });
        listener.receiving(fileName, fileSize);
    }

    @Override
    public void data(byte[] b, int off, int len) {
        try {
            sink.write(b, off, len);
        } catch (RuntimeException e) {
            download.abort("cannot save " + name + ": " + e.getMessage());
            return;
        }
        received += len;
        acknowledge(); // NodeSsh sends the WINDOW_ADJUST after this packet
        if (sink == null) return; // the sink failed
        long now = platform.nowNanos();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            listener.received(received, size, now - started);
        }
    }

    /** Gives the server window for the bytes the sink has stored; true if any were new. */
    private boolean acknowledge() {
        long unstored;
        try {
            unstored = sink.unstoredBytes();
        } catch (RuntimeException e) {
            download.abort("cannot save " + name + ": " + e.getMessage());
            return true;
        }
        long stored = received - Math.max(0, Math.min(unstored, received));
        if (stored <= acknowledged) return false;
        download.consumed((int) (stored - acknowledged));
        acknowledged = stored;
        return true;
    }

    @Override
    public void completed(long fileSize) {
        DownloadSink s = sink;
        sink = null;
        try {
            s.finish();
        } catch (RuntimeException e) {
            ending.ended(null, "cannot save " + name + ": " + e.getMessage());
            return;
        }
        listener.saved(name, fileSize, platform.nowNanos() - started);
        ending.ended(0, null);
    }

    @Override
    public void failed(String error) {
        DownloadSink s = sink;
        sink = null;
        if (s != null) {
            try {
                s.abort(error);
            } catch (RuntimeException e) {
                // the download failed already; its own error is the one to show
            }
        }
        ending.ended(null, error);
    }

    /** Ctrl-C. */
    @Override
    public void close() {
        download.cancel();
    }
}
