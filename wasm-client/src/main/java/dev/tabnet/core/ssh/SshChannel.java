package dev.tabnet.core.ssh;

import static dev.tabnet.core.ssh.SshMessages.*;

import java.util.ArrayDeque;

/**
 * One "session" channel (RFC 4254 §6): pty, shell or exec, data both ways under flow control,
 * exit-status/exit-signal, EOF and close. Calls made before the channel is open are queued.
 * Our receive window is refilled as the application consumes data: automatically after each
 * data callback, or (setManualWindow) only when it calls consumed(), which gives back-pressure.
 */
public final class SshChannel {
    /** What a channel reports. All callbacks run inside SshClient calls, on the caller's thread. */
    public interface Listener {
        default void opened() {}

        /** The reply to a request sent with want-reply (pty-req, shell, exec). */
        default void requestResult(String request, boolean ok) {}

        void data(byte[] b, int off, int len, boolean stderr);

        default void exitStatus(int status) {}

        default void exitSignal(String signal, boolean coreDumped, String message) {}

        default void eof() {}

        /** The channel is gone; error is null for a normal close. */
        void closed(String error);
    }

    static final int INITIAL_WINDOW = 2 * 1024 * 1024;
    static final int MAX_PACKET = 32 * 1024;

    final int localId;
    private final Connection connection;
    private final Listener listener;
    private int remoteId = -1;
    private boolean open;
    private boolean closeSent;
    private boolean closed;
    private boolean eofSent;
    private boolean eofPending;
    private boolean closeAfterOpen;
    private long remoteWindow;
    private int remoteMaxPacket;
    private long localWindow = INITIAL_WINDOW;
    private long unacknowledged;
    private boolean manualWindow;
    private final ArrayDeque<byte[]> beforeOpen = new ArrayDeque<>();
    private final ArrayDeque<String> replies = new ArrayDeque<>();
    private final ArrayDeque<byte[]> pendingData = new ArrayDeque<>();
    private int pendingOffset;
    private long pendingBytes;
    private Integer exitStatus;

    SshChannel(Connection connection, int localId, Listener listener) {
        this.connection = connection;
        this.localId = localId;
        this.listener = listener;
    }

    public boolean isOpen() { return open && !closed; }
    public boolean isClosed() { return closed; }
    public Integer exitStatus() { return exitStatus; }

    /** Bytes written but not yet sent because the server's window is full. */
    public long queuedBytes() { return pendingBytes; }

    /** pty-req (RFC 4254 §6.2) with no terminal modes beyond the defaults. */
    public void requestPty(String term, int columns, int rows) {
        byte[] modes = {0}; // TTY_OP_END
        request("pty-req", true, new SshWriter().string(term).u32(columns).u32(rows).u32(0).u32(0).string(modes));
    }

    /** window-change (RFC 4254 §6.7); no reply. */
    public void windowChange(int columns, int rows) {
        request("window-change", false, new SshWriter().u32(columns).u32(rows).u32(0).u32(0));
    }

    public void shell() {
        request("shell", true, new SshWriter());
    }

    public void exec(String command) {
        request("exec", true, new SshWriter().string(command));
    }

    public void write(byte[] b, int off, int len) {
        if (closed || eofSent || eofPending || len == 0) return;
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        pendingData.add(copy);
        pendingBytes += len;
        flush();
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    /** Sends EOF once everything written so far has gone out. */
    public void sendEof() {
        if (closed || eofSent) return;
        eofPending = true;
        flush();
    }

    public void close() {
        if (closed || closeSent) return;
        if (!open) {
            closeAfterOpen = true; // sent once we know the server's channel number
            closeSent = true;
            return;
        }
        closeSent = true;
        connection.send(SshWriter.message(SSH_MSG_CHANNEL_CLOSE).u32(remoteId).toByteArray());
    }

    /** Off (default): the window is refilled after each data callback. On: only consumed() refills it. */
    public void setManualWindow(boolean manual) {
        manualWindow = manual;
    }

    /** The application has processed n received bytes; may send WINDOW_ADJUST. */
    public void consumed(int n) {
        if (closed || n <= 0) return;
        unacknowledged += n;
        // Adjust in large steps, as OpenSSH does, to keep the number of WINDOW_ADJUSTs low.
        if (unacknowledged >= INITIAL_WINDOW / 2 || localWindow < MAX_PACKET) {
            localWindow += unacknowledged;
            connection.send(SshWriter.message(SSH_MSG_CHANNEL_WINDOW_ADJUST).u32(remoteId).u32(unacknowledged).toByteArray());
            unacknowledged = 0;
        }
    }

    private void request(String name, boolean wantReply, SshWriter body) {
        if (closed || closeSent) return;
        byte[] tail = body.toByteArray();
        byte[] msg = new SshWriter().string(name).bool(wantReply).raw(tail).toByteArray();
        if (wantReply) replies.add(name);
        if (open) {
            connection.send(withRecipient(SSH_MSG_CHANNEL_REQUEST, msg));
        } else {
            beforeOpen.add(msg);
        }
    }

    private byte[] withRecipient(int type, byte[] rest) {
        return new SshWriter(rest.length + 9).u8(type).u32(remoteId).raw(rest).toByteArray();
    }

    private void flush() {
        if (!open || closed || closeSent) return;
        while (!pendingData.isEmpty() && remoteWindow > 0) {
            byte[] head = pendingData.peek();
            int n = (int) Math.min(Math.min(head.length - pendingOffset, remoteWindow), remoteMaxPacket);
            connection.send(SshWriter.message(SSH_MSG_CHANNEL_DATA).u32(remoteId).string(head, pendingOffset, n).toByteArray());
            remoteWindow -= n;
            pendingBytes -= n;
            pendingOffset += n;
            if (pendingOffset == head.length) {
                pendingData.poll();
                pendingOffset = 0;
            }
        }
        if (eofPending && pendingData.isEmpty()) {
            eofPending = false;
            eofSent = true;
            connection.send(SshWriter.message(SSH_MSG_CHANNEL_EOF).u32(remoteId).toByteArray());
        }
    }

    // ---- from the connection layer -----------------------------------------------------------

    byte[] openMessage() {
        return SshWriter.message(SSH_MSG_CHANNEL_OPEN).string("session").u32(localId).u32(INITIAL_WINDOW).u32(MAX_PACKET).toByteArray();
    }

    void onOpenConfirmation(SshReader r) throws SshException {
        if (open) throw SshException.protocol("channel " + localId + " confirmed twice");
        remoteId = r.u32AsInt("channel id");
        remoteWindow = r.u32();
        remoteMaxPacket = (int) Math.min(r.u32(), 1L << 20);
        if (remoteMaxPacket <= 0) throw SshException.protocol("channel " + localId + ": zero maximum packet size");
        open = true;
        listener.opened();
        while (!beforeOpen.isEmpty()) connection.send(withRecipient(SSH_MSG_CHANNEL_REQUEST, beforeOpen.poll()));
        if (closeAfterOpen) {
            connection.send(SshWriter.message(SSH_MSG_CHANNEL_CLOSE).u32(remoteId).toByteArray());
            return;
        }
        flush();
    }

    void onOpenFailure(SshReader r) throws SshException {
        long code = r.u32();
        String text = r.utf8();
        closed = true;
        listener.closed("the server refused the session channel (" + code + "): " + text);
    }

    void onWindowAdjust(SshReader r) throws SshException {
        remoteWindow += r.u32();
        if (remoteWindow > 0xffffffffL) remoteWindow = 0xffffffffL; // RFC 4254 §5.2: at most 2^32 - 1
        flush();
    }

    void onData(SshReader r, boolean extended) throws SshException {
        boolean stderr = false;
        if (extended) stderr = r.u32() == SSH_EXTENDED_DATA_STDERR;
        byte[] data = r.string();
        if (data.length > localWindow) throw SshException.protocol("channel " + localId + ": server sent " + data.length + " bytes with only " + localWindow + " left in the window");
        localWindow -= data.length;
        if (closed) return;
        listener.data(data, 0, data.length, stderr);
        if (!manualWindow) consumed(data.length);
    }

    void onEof() {
        listener.eof();
    }

    /** Returns true when the channel is finished and can be forgotten. */
    boolean onClose() {
        if (!closeSent) {
            closeSent = true;
            connection.send(SshWriter.message(SSH_MSG_CHANNEL_CLOSE).u32(remoteId).toByteArray());
        }
        closed = true;
        listener.closed(null);
        return true;
    }

    void onRequest(SshReader r) throws SshException {
        String name = r.utf8();
        boolean wantReply = r.bool();
        boolean known = true;
        switch (name) {
            case "exit-status":
                exitStatus = (int) r.u32();
                listener.exitStatus(exitStatus);
                break;
            case "exit-signal": {
                String signal = r.utf8();
                boolean core = r.bool();
                String message = r.utf8();
                listener.exitSignal(signal, core, message);
                break;
            }
            default:
                known = false; // e.g. keepalive@openssh.com, eow@openssh.com
        }
        if (wantReply) connection.send(SshWriter.message(known ? SSH_MSG_CHANNEL_SUCCESS : SSH_MSG_CHANNEL_FAILURE).u32(remoteId).toByteArray());
    }

    void onReply(boolean ok) throws SshException {
        String name = replies.poll();
        if (name == null) throw SshException.protocol("channel " + localId + ": reply without a request");
        listener.requestResult(name, ok);
    }

    void onConnectionLost(String error) {
        if (closed) return;
        closed = true;
        listener.closed(error);
    }
}
