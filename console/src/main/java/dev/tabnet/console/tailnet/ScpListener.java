package dev.tabnet.console.tailnet;

/**
 * What a download tells the console: the SSH conversation as for ssh (progress, host key, password
 * prompts, banner text as output), then the file. {@link #closed} comes exactly once at the end,
 * with error null after {@link #saved}.
 */
public interface ScpListener extends SshListener {
    /** The server is sending fileName (its name there), size bytes long; the platform's sink is open. */
    void receiving(String fileName, long size);

    /** Progress, at most a few times a second: bytes so far of size, elapsedNanos since receiving(). */
    void received(long bytes, long size, long elapsedNanos);

    /** The whole file arrived and the sink has it. */
    void saved(String fileName, long size, long elapsedNanos);
}
