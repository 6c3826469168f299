package dev.tabnet.console.tailnet;

import java.util.function.Consumer;

/** What an SSH session tells the console. */
public interface SshListener {
    /** Progress for the user, e.g. "connecting to 100.64.0.1:22 …". */
    void progress(String message);

    /** Remote output for the terminal. */
    void output(String text);

    /**
     * The host key is not known yet: ask the user. fingerprint is "SHA256:…" as ssh-keygen prints it.
     * answer.accept(true) continues, false aborts.
     */
    void confirmHostKey(String host, String keyType, String fingerprint, Consumer<Boolean> answer);

    /** The server asks for a secret (password or keyboard-interactive prompt); echo tells whether to show it. */
    void prompt(String prompt, boolean echo, Consumer<String> answer);

    /** The session ended. exitStatus is null if the server sent none; error is null on a clean end. */
    void closed(Integer exitStatus, String error);
}
