package dev.tabnet.core.ssh;

import static dev.tabnet.core.ssh.SshMessages.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The user authentication protocol, client side (RFC 4252): "none" first to learn the methods,
 * then publickey (ssh-ed25519, signed directly without a query), keyboard-interactive (RFC 4256)
 * and password (RFC 4252 §8) in the configured order among those the server allows.
 */
final class UserAuth {
    static final String SERVICE = "ssh-userauth";
    static final String CONNECTION = "ssh-connection";

    interface Done {
        void authenticated(String method) throws SshException;

        void banner(String text);
    }

    private final SshClientConfig config;
    private final Transport transport;
    private final Done done;
    private final List<String> tried = new ArrayList<>();
    private String[] allowed = new String[0];
    private String current;
    private boolean authenticated;

    UserAuth(SshClientConfig config, Transport transport, Done done) {
        this.config = config;
        this.transport = transport;
        this.done = done;
    }

    boolean authenticated() { return authenticated; }
    String[] allowedMethods() { return allowed.clone(); }

    void start() {
        transport.send(SshWriter.message(SSH_MSG_SERVICE_REQUEST).string(SERVICE).toByteArray());
    }

    /** Returns false for types this layer does not own. */
    boolean handle(int type, byte[] p) throws SshException {
        SshReader r = new SshReader(p);
        r.u8();
        switch (type) {
            case SSH_MSG_SERVICE_ACCEPT: {
                String name = r.utf8();
                if (!name.equals(SERVICE)) throw SshException.protocol("server accepted service " + name + ", we asked for " + SERVICE);
                current = "none";
                tried.add(current);
                transport.send(request("none").toByteArray());
                return true;
            }
            case SSH_MSG_USERAUTH_BANNER:
                done.banner(r.utf8());
                return true;
            case SSH_MSG_USERAUTH_SUCCESS:
                if (authenticated) throw SshException.protocol("second USERAUTH_SUCCESS");
                authenticated = true;
                done.authenticated(current);
                return true;
            case SSH_MSG_USERAUTH_FAILURE:
                if (authenticated) throw SshException.protocol("USERAUTH_FAILURE after success");
                allowed = r.nameList();
                r.bool(); // partial success: we treat it like a failure and go on with the allowed methods
                next();
                return true;
            case SSH_MSG_USERAUTH_INFO_REQUEST:
                if (KEYBOARD_INTERACTIVE.equals(current)) {
                    infoRequest(r);
                    return true;
                }
                return !authenticated; // a PK_OK we did not ask for: harmless
            default:
                return false;
        }
    }

    private static final String KEYBOARD_INTERACTIVE = SshClientConfig.KEYBOARD_INTERACTIVE;

    private SshWriter request(String method) {
        return SshWriter.message(SSH_MSG_USERAUTH_REQUEST).string(config.user).string(CONNECTION).string(method);
    }

    /** Tries the next configured method the server allows, or ends the session with the list. */
    private void next() throws SshException {
        for (String m : config.authMethods) {
            if (tried.contains(m) || !SshAlgorithms.contains(allowed, m) || !usable(m)) continue;
            tried.add(m);
            current = m;
            begin(m);
            return;
        }
        throw new SshException(SSH_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                "authentication failed for " + config.user + "@" + config.host + ": the server allows " + Negotiated.join(allowed)
                        + "; tried " + String.join(",", tried));
    }

    private boolean usable(String m) {
        switch (m) {
            case SshClientConfig.PUBLICKEY: return config.identity != null;
            case SshClientConfig.PASSWORD:
            case SshClientConfig.KEYBOARD_INTERACTIVE: return config.prompter != null;
            default: return false;
        }
    }

    private void begin(String m) {
        switch (m) {
            case SshClientConfig.PUBLICKEY: {
                byte[] blob = config.identity.publicKeyBlob();
                byte[] signed = new SshWriter().string(transport.sessionId()).raw(request(m).bool(true)
                        .string(SshAlgorithms.SSH_ED25519).string(blob).toByteArray()).toByteArray();
                transport.send(request(m).bool(true).string(SshAlgorithms.SSH_ED25519).string(blob).string(config.identity.sign(signed)).toByteArray());
                break;
            }
            case SshClientConfig.PASSWORD:
                config.prompter.password(config.user, config.host, pw -> answer(m, () -> {
                    if (pw == null) {
                        next();
                    } else {
                        transport.send(request(m).bool(false).string(pw).toByteArray());
                    }
                }));
                break;
            default:
                transport.send(request(m).string("").string("").toByteArray()); // language, submethods
        }
    }

    private void infoRequest(SshReader r) throws SshException {
        String name = r.utf8();
        String instruction = r.utf8();
        r.utf8(); // language tag
        int n = r.u32AsInt("prompt count");
        if (n > 64) throw SshException.protocol("keyboard-interactive request with " + n + " prompts");
        String[] prompts = new String[n];
        boolean[] echo = new boolean[n];
        for (int i = 0; i < n; i++) {
            prompts[i] = r.utf8();
            echo[i] = r.bool();
        }
        if (n == 0) { // RFC 4256 §3.4: still needs a response
            transport.send(SshWriter.message(SSH_MSG_USERAUTH_INFO_RESPONSE).u32(0).toByteArray());
            return;
        }
        String method = current;
        config.prompter.keyboardInteractive(name, instruction, prompts, echo, answers -> answer(method, () -> {
            if (answers == null || answers.length != n) {
                next();
                return;
            }
            SshWriter w = SshWriter.message(SSH_MSG_USERAUTH_INFO_RESPONSE).u32(n);
            for (String a : answers) w.string(a == null ? "" : a);
            transport.send(w.toByteArray());
        }));
    }

    /** Async answers: ignored if the method changed meanwhile; errors end the session instead of escaping. */
    private interface Step {
        void run() throws SshException;
    }

    private void answer(String method, Step step) {
        if (!method.equals(current) || authenticated || transport.isClosed()) return;
        try {
            step.run();
        } catch (SshException e) {
            transport.fail(e);
        }
    }
}
