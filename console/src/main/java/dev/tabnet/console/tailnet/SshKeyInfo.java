package dev.tabnet.console.tailnet;

/** The tab's own SSH key, as the user needs it: a line for authorized_keys and its fingerprint. */
public final class SshKeyInfo {
    /** "ssh-ed25519 AAAA… comment". */
    public final String authorizedKeysLine;
    /** "SHA256:…", as ssh-keygen -l prints it. */
    public final String fingerprint;

    public SshKeyInfo(String authorizedKeysLine, String fingerprint) {
        this.authorizedKeysLine = authorizedKeysLine;
        this.fingerprint = fingerprint;
    }
}
