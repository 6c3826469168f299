package dev.tabnet.tests.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's OpenSSH sshd on 127.0.0.1 for tests outside this package (the browser's end-to-end
 * test): a throwaway user with a password, fresh host keys, and their fingerprints as ssh-keygen
 * prints them, so a test can check that the far end of a session is this very server.
 */
public final class OpenSshServer implements AutoCloseable {
    private final SshServerLab lab;
    private final List<String> fingerprints = new ArrayList<>();

    private OpenSshServer(SshServerLab lab) {
        this.lab = lab;
    }

    /** Null if this machine can run sshd (root, openssh-server installed), else why not. */
    public static String unavailableReason() {
        return SshServerLab.unavailableReason("/usr/sbin/sshd");
    }

    public static OpenSshServer start(String user) throws Exception {
        SshServerLab lab = new SshServerLab(user);
        OpenSshServer s = new OpenSshServer(lab);
        try {
            lab.createUser("# password logins only");
            lab.port = SshServerLab.freePort();
            Path conf = OpenSshInteropTest.writeConfig(lab, "127.0.0.1", lab.port);
            lab.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));
            for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) {
                String out = SshServerLab.run("ssh-keygen", "-l", "-f", lab.dir.resolve("host_" + t + ".pub").toString()).out;
                s.fingerprints.add(out.split(" ")[1]); // "256 SHA256:… comment (ED25519)"
            }
            return s;
        } catch (Exception e) {
            lab.close();
            throw e;
        }
    }

    public int port() {
        return lab.port;
    }

    public String user() {
        return lab.user;
    }

    public String password() {
        return SshServerLab.PASSWORD;
    }

    /** "SHA256:…" of each host key. */
    public List<String> hostKeyFingerprints() {
        return fingerprints;
    }

    public String log() {
        return lab.log();
    }

    @Override
    public void close() throws IOException {
        lab.close();
    }
}
