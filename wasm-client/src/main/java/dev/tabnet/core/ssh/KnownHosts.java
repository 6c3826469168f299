package dev.tabnet.core.ssh;

import dev.tabnet.core.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory known-hosts policy: a key known for the host passes silently, a host whose known keys
 * do not include the one presented is refused loudly (possible man in the middle), an unknown host
 * goes to the prompt and is remembered when accepted. A host may have several known keys (one per
 * type, as sshd has), each with where it came from. Nothing is persisted: the tab's state dies with it.
 */
public final class KnownHosts implements HostKeyVerifier {
    private static final class Known {
        final byte[] blob;
        final String type;
        final String source;

        Known(byte[] blob, String type, String source) {
            this.blob = blob;
            this.type = type;
            this.source = source;
        }
    }

    private final Map<String, List<Known>> keys = new HashMap<>();
    private final Prompt prompt;

    public KnownHosts(Prompt prompt) {
        this.prompt = prompt;
    }

    /** Pre-trusts a key blob for host (e.g. one the control plane vouched for). */
    public void add(String host, byte[] blob) {
        add(host, blob, "known");
    }

    /** Pre-trusts a key blob for host; source says where it came from, for the mismatch message. */
    public void add(String host, byte[] blob, String source) {
        List<Known> list = keys.computeIfAbsent(host, h -> new ArrayList<>());
        for (Known k : list) if (Bytes.constantTimeEquals(k.blob, blob)) return;
        String type;
        try {
            type = new SshReader(blob).utf8();
        } catch (SshException e) {
            type = "?";
        }
        list.add(new Known(blob.clone(), type, source));
    }

    /**
     * Pre-trusts a key in authorized_keys / known_hosts form, "keytype base64 [comment]". Returns
     * false (and trusts nothing) if the text is not such a key.
     */
    public boolean add(String host, String keyText, String source) {
        byte[] blob = parsePublicKey(keyText);
        if (blob == null) return false;
        add(host, blob, source);
        return true;
    }

    /** The blob of "keytype base64 [comment]", or null if the text is not a well-formed key of that type. */
    public static byte[] parsePublicKey(String keyText) {
        if (keyText == null) return null;
        String t = keyText.trim();
        int sp = t.indexOf(' ');
        if (sp <= 0) return null;
        String type = t.substring(0, sp);
        String rest = t.substring(sp + 1).trim();
        int end = rest.indexOf(' ');
        byte[] blob = Base64.decode(end < 0 ? rest : rest.substring(0, end)); // then an optional comment
        if (blob == null) return null;
        try {
            return new SshReader(blob).utf8().equals(type) ? blob : null;
        } catch (SshException e) {
            return null;
        }
    }

    public boolean knows(String host) {
        return keys.containsKey(host);
    }

    /** The key types known for host, in the order they were added (to prefer them in the key exchange). */
    public List<String> knownTypes(String host) {
        List<String> out = new ArrayList<>();
        List<Known> list = keys.get(host);
        if (list != null) for (Known k : list) if (!out.contains(k.type)) out.add(k.type);
        return out;
    }

    @Override
    public void verify(String host, HostKey key, Decision decision) {
        List<Known> known = keys.get(host);
        if (known == null || known.isEmpty()) {
            prompt.ask(host, key, new Decision() {
                @Override
                public void accept() {
                    add(host, key.blob, "accepted in this tab");
                    decision.accept();
                }

                @Override
                public void reject(String reason) {
                    decision.reject(reason);
                }
            });
            return;
        }
        for (Known k : known) {
            if (Bytes.constantTimeEquals(k.blob, key.blob)) {
                decision.accept();
                return;
            }
        }
        StringBuilder knownText = new StringBuilder();
        for (Known k : known) {
            if (knownText.length() > 0) knownText.append(", ");
            knownText.append(k.type).append(' ').append(HostKey.fingerprint(k.blob)).append(" (").append(k.source).append(')');
        }
        decision.reject("HOST KEY MISMATCH for " + host + ": the server presented " + key.type + " " + key.fingerprint()
                + " but the known key is " + knownText
                + ". Someone could be intercepting the connection (man in the middle), or the host key was changed. Refusing to connect.");
    }
}
