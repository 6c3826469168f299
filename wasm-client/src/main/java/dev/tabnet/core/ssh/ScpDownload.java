package dev.tabnet.core.ssh;

import java.nio.charset.StandardCharsets;

/**
 * Downloads one file with the classic scp protocol, the "sink" side of {@code scp host:path .}:
 * on a session channel it runs {@code scp -f -- 'path'} (OpenSSH's and dropbear's servers both
 * hand that to the host's scp), answers each control line with a 0 byte, and hands the file's
 * bytes to the listener as they arrive; nothing is buffered here.
 *
 * <p>The receive window is manual: the server may send only as far ahead as the listener has
 * {@link #consumed} (plus the 2 MB initial window), so a slow sink slows the server down.
 * The listener hears {@code failed} or {@code completed} exactly once.
 *
 * <p>Wire format (from OpenSSH's scp.c): the server writes {@code C<mode> <size> <name>\n},
 * optionally preceded by {@code T<mtime> 0 <atime> 0\n} (only with -p, which we do not pass);
 * {@code \1text\n} is an error for this file and {@code \2text\n} a fatal one; {@code D…} opens
 * a directory (only with -r, which we do not pass). After our 0 it sends exactly size bytes and
 * then one status byte: 0, or \1/\2 and a message if reading the file failed midway.
 */
public final class ScpDownload {
    /** What the download reports; all calls run inside SshClient calls, on the caller's thread. */
    public interface Listener {
        /** The server is about to send this file: its name there (no '/'), size in bytes, permission bits. */
        void header(String name, long size, int mode);

        /**
         * The next bytes of the file, in order. The array is reused: copy what you keep. Call
         * {@link ScpDownload#consumed} once they are stored; until then they count against the window.
         */
        void data(byte[] b, int off, int len);

        /** Every byte arrived, the server confirmed it read the whole file, and its scp exited 0. */
        void completed(long size);

        /** The download failed; the text says why (a server's "scp: …" line is passed on as it is). */
        void failed(String error);
    }

    /** Longest control line we accept (OpenSSH's reader stops at 2048). */
    static final int MAX_LINE = 4096;
    static final int MAX_STDERR = 2048;

    private enum State { STARTING, HEADER, DATA, STATUS, DONE, FINISHED }

    private final SshChannel channel;
    private final Listener listener;
    private final String path;
    private State state = State.STARTING;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private boolean statusMessage; // the line being read follows a \1/\2 status byte after the data
    private long size;
    private long received;
    private final byte[] stderr = new byte[MAX_STDERR];
    private int stderrLength;
    private Integer exitStatus;
    private String exitSignal;

    public ScpDownload(SshClient client, String path, Listener listener) {
        this.path = path;
        this.listener = listener;
        this.channel = client.openSession(new SshChannel.Listener() {
            @Override
            public void requestResult(String request, boolean ok) {
                if (!ok) fail("the server refused to run scp (exec request denied)");
                else if (state == State.STARTING) {
                    state = State.HEADER;
                    sendOk(); // the sink speaks first: "ready for the next file"
                }
            }

            @Override
            public void data(byte[] b, int off, int len, boolean isStderr) {
                if (isStderr) keepStderr(b, off, len);
                else onBytes(b, off, len);
            }

            @Override public void exitStatus(int status) { exitStatus = status; }

            @Override public void exitSignal(String signal, boolean coreDumped, String message) { exitSignal = signal; }

            @Override
            public void closed(String error) {
                onClosed(error);
            }
        });
        channel.setManualWindow(true);
        channel.exec(command(path));
    }

    /** The remote command for path: always "--" (a path may start with '-'), the path single-quoted. */
    public static String command(String path) {
        return "scp -f -- " + shellQuote(path);
    }

    /**
     * path as one word for a POSIX shell: inside single quotes, each ' written as '\''. A leading
     * "~" or "~/" stays outside the quotes so the remote shell still expands it to the home dir.
     */
    public static String shellQuote(String path) {
        if (path.equals("~")) return "~";
        if (path.startsWith("~/")) return path.length() == 2 ? "~/" : "~/" + shellQuote(path.substring(2));
        StringBuilder b = new StringBuilder(path.length() + 2).append('\'');
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'') b.append("'\\''");
            else b.append(c);
        }
        return b.append('\'').toString();
    }

    /** The listener has stored n more bytes of the file: the server may send that much more. */
    public void consumed(int n) {
        if (state != State.FINISHED) channel.consumed(n);
    }

    /** Stops the download (Ctrl-C); reports failed("cancelled") unless it already ended. */
    public void cancel() {
        abort("cancelled");
    }

    /** Stops the download with this reason (e.g. the sink cannot store the file); reported as failed(reason). */
    public void abort(String reason) {
        fail(reason);
    }

    public boolean finished() {
        return state == State.FINISHED;
    }

    public long received() {
        return received;
    }

    public SshChannel channel() {
        return channel;
    }

    // ---- the protocol ------------------------------------------------------------------------

    private void onBytes(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        int control = 0; // protocol bytes in this packet, given back to the window at once
        while (i < end && state != State.FINISHED) {
            switch (state) {
                case STARTING:
                case HEADER:
                case STATUS: {
                    int c = b[i] & 0xff;
                    if (state == State.STATUS && lineLength == 0 && !statusMessage) {
                        i++;
                        control++;
                        if (c == 0) {
                            state = State.DONE;
                            sendOk();
                        } else if (c == 1 || c == 2) {
                            statusMessage = true;
                        } else {
                            fail("protocol error: byte " + c + " after the " + size + " bytes of the file instead of its status");
                        }
                        break;
                    }
                    i++;
                    control++;
                    if (c != '\n') {
                        if (lineLength == MAX_LINE) {
                            fail("protocol error: a control line longer than " + MAX_LINE + " bytes");
                            break;
                        }
                        line[lineLength++] = (byte) c;
                        break;
                    }
                    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
                    lineLength = 0;
                    if (state == State.STATUS) fail(serverMessage(text) + " (after " + size + " bytes)");
                    else onControlLine(text);
                    break;
                }
                case DATA: {
                    int n = (int) Math.min(end - i, size - received);
                    received += n;
                    listener.data(b, i, n);
                    i += n;
                    if (received == size && state == State.DATA) state = State.STATUS;
                    break;
                }
                case DONE: {
                    fail("protocol error: " + (end - i) + " unexpected bytes after the file");
                    break;
                }
                default:
                    return;
            }
        }
        if (control > 0 && state != State.FINISHED) channel.consumed(control);
    }

    private void onControlLine(String text) {
        if (state == State.STARTING) {
            fail("protocol error: the server sent data before the exec reply");
            return;
        }
        char kind = text.isEmpty() ? '\n' : text.charAt(0);
        switch (kind) {
            case 1:
            case 2:
                fail(serverMessage(text.substring(1)));
                return;
            case 'T':
                sendOk(); // modification times; ignored (we never ask for -p)
                return;
            case 'C':
                parseHeader(text);
                return;
            case 'D':
                fail(path + " is a directory (downloading directories is not supported)");
                return;
            default:
                // e.g. a login script's output on stdout: show it, as OpenSSH's scp does
                fail("protocol error: expected a file header from the server, got \"" + printable(text) + "\"");
        }
    }

    /**
     * "C0644 123 name": four octal digits, a decimal size, a name that is one path component without
     * control characters (it is printed on the console and becomes the saved file's name).
     */
    private void parseHeader(String text) {
        int mode = 0;
        int i = 1;
        for (; i < 5 && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') break;
            mode = mode * 8 + (c - '0');
        }
        if (i != 5 || i >= text.length() || text.charAt(i) != ' ') {
            fail("protocol error: bad mode in the file header \"" + printable(text) + "\"");
            return;
        }
        int sizeStart = ++i;
        long n = 0;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            if (n > (Long.MAX_VALUE - 9) / 10) {
                fail("protocol error: file size out of range in \"" + printable(text) + "\"");
                return;
            }
            n = n * 10 + (text.charAt(i) - '0');
        }
        if (i == sizeStart || i >= text.length() || text.charAt(i) != ' ') {
            fail("protocol error: bad size in the file header \"" + printable(text) + "\"");
            return;
        }
        String name = text.substring(i + 1);
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals(".") || name.equals("..") || !printable(name).equals(name)) {
            fail("protocol error: the server sent an unsafe file name \"" + printable(name) + "\"");
            return;
        }
        size = n;
        state = size == 0 ? State.STATUS : State.DATA;
        listener.header(name, n, mode);
        if (state != State.FINISHED) sendOk();
    }

    private void sendOk() {
        channel.write(new byte[] {0});
    }

    private void keepStderr(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_STDERR - stderrLength);
        System.arraycopy(b, off, stderr, stderrLength, n);
        stderrLength += n;
        channel.consumed(len);
    }

    private void onClosed(String error) {
        if (state == State.FINISHED) return;
        String why = stderrText();
        if (error != null) {
            fail("connection lost" + progressText() + ": " + error);
        } else if (state == State.DONE && (exitStatus == null || exitStatus == 0) && exitSignal == null) {
            state = State.FINISHED;
            listener.completed(size);
        } else if (state == State.DONE) {
            fail("the server's scp " + exitText() + (why.isEmpty() ? "" : ": " + why));
        } else {
            fail((why.isEmpty() ? "the server ended the transfer" : why) + progressText() + (exitStatus == null && exitSignal == null ? "" : " (" + exitText() + ")"));
        }
    }

    private String exitText() {
        return exitSignal != null ? "was killed by signal " + exitSignal : "exited with status " + exitStatus;
    }

    private String progressText() {
        if (state == State.DATA || state == State.STATUS) return " after " + received + " of " + size + " bytes";
        return state == State.DONE ? " after the whole file" : " before the file started";
    }

    private String stderrText() {
        String s = new Utf8Stream().decode(stderr, 0, stderrLength).trim();
        return printable(s.replace("\r\n", "\n").replace("\n", "; "));
    }

    private void fail(String error) {
        if (state == State.FINISHED) return;
        state = State.FINISHED;
        channel.close();
        listener.failed(error);
    }

    /** The server's own message ("scp: /x: No such file or directory"), trimmed and made safe to print. */
    private static String serverMessage(String text) {
        String t = printable(text.trim());
        return t.isEmpty() ? "the server reported an error" : t;
    }

    /** Control characters as '?', so a hostile server cannot drive the terminal; long texts cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        return b.toString();
    }
}
