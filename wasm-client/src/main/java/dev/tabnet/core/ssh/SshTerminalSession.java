package dev.tabnet.core.ssh;

import java.nio.charset.StandardCharsets;

/**
 * One terminal session over an SshClient, in the console's terms: text in, text out, a resize, and
 * one final report with the exit status. With command == null it asks for a pty (TERM and size)
 * and a shell; with a command it runs it without a pty, as `ssh host command` does.
 */
public final class SshTerminalSession {
    /** What the terminal hears. */
    public interface Listener {
        /** Remote output (stdout and stderr), decoded from UTF-8. */
        void output(String text);

        /** Exactly once. exitStatus is null if the server sent none; error is null on a clean end. */
        void closed(Integer exitStatus, String error);
    }

    public static final String TERM = "xterm-256color";

    private final SshClient client;
    private final SshChannel channel;
    private final Listener listener;
    private final Utf8Stream stdout = new Utf8Stream();
    private final Utf8Stream stderr = new Utf8Stream();
    private boolean reported;
    private String exitSignal;

    public SshTerminalSession(SshClient client, String command, int columns, int rows, Listener listener) {
        this.client = client;
        this.listener = listener;
        this.channel = client.openSession(new SshChannel.Listener() {
            @Override
            public void data(byte[] b, int off, int len, boolean isStderr) {
                String text = (isStderr ? stderr : stdout).decode(b, off, len);
                if (!text.isEmpty()) listener.output(text);
            }

            @Override
            public void requestResult(String request, boolean ok) {
                // Without a pty the shell still works (OpenSSH's client goes on too); without shell/exec nothing does.
                if (!ok && !request.equals("pty-req")) finish("the server refused " + request);
            }

            @Override
            public void exitSignal(String signal, boolean coreDumped, String message) {
                exitSignal = signal;
            }

            @Override
            public void closed(String error) {
                finish(error != null ? error : exitSignal != null ? "killed by signal " + exitSignal : null);
            }
        });
        if (command == null) {
            channel.requestPty(TERM, columns, rows);
            channel.shell();
        } else {
            channel.exec(command);
        }
    }

    /** Keystrokes (already text) for the remote side. */
    public void input(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        channel.write(b, 0, b.length);
    }

    public void resize(int columns, int rows) {
        channel.windowChange(columns, rows);
    }

    /** Ends the session from our side. */
    public void close() {
        channel.close();
        finish(null);
    }

    public SshChannel channel() {
        return channel;
    }

    private void finish(String error) {
        if (reported) return;
        reported = true;
        listener.closed(channel.exitStatus(), error);
        if (!client.isClosed()) client.disconnect();
    }
}
