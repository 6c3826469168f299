package dev.tabnet.web;

import dev.tabnet.console.node.DownloadSink;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Saves a download the way a page can: the bytes become parts of a Blob (kept by the browser,
 * outside the Wasm heap), and finish() offers it through an {@code <a download>} click, so the
 * browser's own download UI takes over. Bytes are gathered into 1 MB pieces first, because
 * each crossing into JS costs more than the copy. Nothing is written to browser storage.
 */
final class BlobDownloadSink implements DownloadSink {
    static final int PIECE_BYTES = 1 << 20;

    private final String fileName;
    private final long size;
    private JSObject parts = newPartList();
    private byte[] piece = new byte[PIECE_BYTES];
    private int pieceFill;
    private long written;

    BlobDownloadSink(String fileName, long size) {
        this.fileName = fileName;
        this.size = size;
        announce(fileName, (double) size);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (parts == null) throw new IllegalStateException("the download of " + fileName + " has already ended");
        written += len;
        while (len > 0) {
            int n = Math.min(len, PIECE_BYTES - pieceFill);
            System.arraycopy(b, off, piece, pieceFill, n);
            pieceFill += n;
            off += n;
            len -= n;
            if (pieceFill == PIECE_BYTES) flushPiece();
        }
    }

    private void flushPiece() {
        if (pieceFill == 0) return;
        byte[] full = piece;
        if (pieceFill < PIECE_BYTES) {
            full = new byte[pieceFill];
            System.arraycopy(piece, 0, full, 0, pieceFill);
        }
        addPart(parts, full);
        pieceFill = 0;
    }

    @Override
    public void finish() {
        if (parts == null) return;
        flushPiece();
        save(parts, fileName, (double) written, (double) size);
        parts = null;
        piece = null;
    }

    @Override
    public void abort(String reason) {
        parts = null;
        piece = null;
    }

    /** "tabnet-download-start" on window: the server named the file and its size; bytes follow. */
    @JSBody(params = {"name", "size"}, script =
            "window.dispatchEvent(new CustomEvent('tabnet-download-start', {detail: {name: name, size: size, at: performance.now()}}));")
    private static native void announce(String name, double size);

    @JSBody(script = "return [];")
    private static native JSObject newPartList();

    /** The Int8Array TeaVM hands over is a copy, so the piece buffer can be reused right away. */
    @JSBody(params = {"parts", "bytes"}, script = "parts.push(bytes);")
    private static native void addPart(JSObject parts, byte[] bytes);

    /**
     * A "tabnet-download" event on window tells embedding pages (and the bench) that a file was
     * offered; the object URL is revoked a minute later, when the browser has long taken the file.
     */
    @JSBody(params = {"parts", "name", "written", "size"}, script =
            "var blob = new Blob(parts, {type: 'application/octet-stream'}), url = URL.createObjectURL(blob);"
            + "var a = document.createElement('a'); a.href = url; a.download = name; a.style.display = 'none';"
            + "document.body.appendChild(a); a.click(); a.remove();"
            + "setTimeout(function () { URL.revokeObjectURL(url); }, 60000);"
            + "window.dispatchEvent(new CustomEvent('tabnet-download', {detail: {name: name, bytes: written, size: size, at: performance.now()}}));")
    private static native void save(JSObject parts, String name, double written, double size);
}
