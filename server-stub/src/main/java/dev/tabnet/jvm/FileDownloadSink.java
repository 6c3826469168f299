package dev.tabnet.jvm;

import dev.tabnet.console.node.DownloadSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A download saved as a file in a directory: written to "name.part" and renamed to "name" only
 * when complete, so a failed or cancelled download leaves nothing under the file's name.
 */
public final class FileDownloadSink implements DownloadSink {
    private final Path target;
    private final Path partial;
    private final FileChannel out;

    private FileDownloadSink(Path target, Path partial, FileChannel out) {
        this.target = target;
        this.partial = partial;
        this.out = out;
    }

    /** fileName must be one path component (the scp core guarantees it; checked again here). */
    public static FileDownloadSink create(Path dir, String fileName) {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.equals(".") || fileName.equals("..")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        Path target = dir.resolve(fileName);
        Path partial = dir.resolve(fileName + ".part");
        try {
            return new FileDownloadSink(target, partial, FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) out.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void finish() {
        try {
            out.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void abort(String reason) {
        try {
            out.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // nothing more to undo
        }
    }
}
