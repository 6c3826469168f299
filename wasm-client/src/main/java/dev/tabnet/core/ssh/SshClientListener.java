package dev.tabnet.core.ssh;

/** What the client reports about the whole connection (channels have their own listener). */
public interface SshClientListener {
    /** SSH_MSG_USERAUTH_BANNER text (RFC 4252 §5.4), to show before login. */
    default void banner(String text) {}

    /** User authentication succeeded with this method; channels can now open. */
    default void authenticated(String method) {}

    /** The connection ended. error is null when we closed it on request, otherwise a readable reason. */
    void closed(String error);
}
