package dev.tabnet.core.ssh;

/**
 * Decides whether to trust the server's host key. Called once per connection, during the first key
 * exchange; the connection waits (reading nothing further) until the decision is given, which may
 * be later, e.g. after asking the user.
 */
public interface HostKeyVerifier {
    void verify(String host, HostKey key, Decision decision);

    /** The answer; exactly one call counts. */
    interface Decision {
        void accept();

        /** Refuses the key; reason becomes the session's error. */
        void reject(String reason);
    }

    /** Asked about keys the verifier has never seen. */
    interface Prompt {
        void ask(String host, HostKey key, Decision decision);
    }
}
