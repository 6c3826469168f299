package dev.tabnet.core.ssh;

/** A protocol violation or refusal that ends the session; reason is an SSH_DISCONNECT_* code. */
public final class SshException extends Exception {
    public final int reason;

    public SshException(int reason, String message) {
        super(message);
        this.reason = reason;
    }

    static SshException protocol(String message) {
        return new SshException(SshMessages.SSH_DISCONNECT_PROTOCOL_ERROR, message);
    }
}
