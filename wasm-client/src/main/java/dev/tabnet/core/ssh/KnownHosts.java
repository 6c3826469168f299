package dev.tabnet.core.ssh;

import dev.tabnet.core.util.Bytes;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-memory known-hosts policy: a key seen before for the host passes silently, a different key
 * is refused loudly (possible man in the middle), an unknown host goes to the prompt and is
 * remembered when accepted. Nothing is persisted: the tab's state dies with it.
 */
public final class KnownHosts implements HostKeyVerifier {
    private final Map<String, byte[]> keys = new HashMap<>();
    private final Prompt prompt;

    public KnownHosts(Prompt prompt) {
        this.prompt = prompt;
    }

    /** Pre-trusts a key blob for host (e.g. one the control plane vouched for). */
    public void add(String host, byte[] blob) {
        keys.put(host, blob.clone());
    }

    public boolean knows(String host) {
        return keys.containsKey(host);
    }

    @Override
    public void verify(String host, HostKey key, Decision decision) {
        byte[] known = keys.get(host);
        if (known == null) {
            prompt.ask(host, key, new Decision() {
                @Override
                public void accept() {
                    keys.put(host, key.blob.clone());
                    decision.accept();
                }

                @Override
                public void reject(String reason) {
                    decision.reject(reason);
                }
            });
        } else if (Bytes.constantTimeEquals(known, key.blob)) {
            decision.accept();
        } else {
            decision.reject("HOST KEY MISMATCH for " + host + ": the server presented " + key.type + " " + key.fingerprint()
                    + " but the known key is " + HostKey.fingerprint(known)
                    + ". Someone could be intercepting the connection (man in the middle), or the host key was changed. Refusing to connect.");
        }
    }
}
