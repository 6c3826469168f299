package dev.tabnet.tests.ssh;

import dev.tabnet.core.ssh.SshChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Records what a channel reports; stdout can be hashed instead of kept (for the bulk download). */
final class ChannelRecorder implements SshChannel.Listener {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<String> replies = new ArrayList<>();
    private final MessageDigest sha256;
    /** Volatile: the tunnel test reads these from the test thread while the loop thread writes them. */
    volatile long stdoutBytes;
    boolean opened;
    boolean eof;
    volatile boolean closed;
    String closeError;
    Integer exitStatus;
    String exitSignal;

    ChannelRecorder(boolean hashOnly) {
        try {
            sha256 = hashOnly ? MessageDigest.getInstance("SHA-256") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    ChannelRecorder() {
        this(false);
    }

    @Override public void opened() { opened = true; }
    @Override public void requestResult(String request, boolean ok) { replies.add(request + "=" + ok); }

    @Override
    public void data(byte[] b, int off, int len, boolean isStderr) {
        if (isStderr) {
            stderr.write(b, off, len);
        } else {
            stdoutBytes += len;
            if (sha256 != null) sha256.update(b, off, len);
            else stdout.write(b, off, len);
        }
    }

    @Override public void exitStatus(int status) { exitStatus = status; }
    @Override public void exitSignal(String signal, boolean core, String message) { exitSignal = signal; }
    @Override public void eof() { eof = true; }

    @Override
    public void closed(String error) {
        closed = true;
        closeError = error;
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    byte[] digest() {
        return sha256.digest();
    }
}
