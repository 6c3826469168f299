package dev.tabnet.tests.ssh;

import static dev.tabnet.core.ssh.SshAlgorithms.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Our client against Debian's dropbear (2022.83 here) on 127.0.0.1 with throwaway host keys and
 * user. Dropbear has no GCM, no EtM MACs and no rsa-sha2-512 host signatures, and its server does
 * not do keyboard-interactive, so those are not in its matrix. Its default receive window is
 * 24 KiB, which exercises our WINDOW_ADJUST handling on uploads.
 */
class DropbearInteropTest extends SshInteropSuite {
    @Override String binary() { return "/usr/sbin/dropbear"; }
    @Override String userName() { return "tnsshdropbear"; }
    @Override boolean expectStrictKex() { return strictOffered; }

    private boolean strictOffered;

    @Override
    void startServer() throws Exception {
        strictOffered = start(lab);
    }

    /**
     * Dropbear on 127.0.0.1:lab.port with fresh ed25519, ecdsa and rsa host keys (lab.dir/db_*, with
     * .pub files in OpenSSH's format); returns whether this build offers strict kex.
     */
    static boolean start(SshServerLab lab) throws Exception {
        List<String> argv = SshServerLab.list("/usr/sbin/dropbear", "-F", "-E", "-w", "-p", "127.0.0.1:" + lab.port, "-P", lab.dir.resolve("dropbear.pid").toString());
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) {
            Path k = lab.dir.resolve("db_" + t);
            SshServerLab.check(SshServerLab.run("dropbearkey", "-t", t, "-f", k.toString()));
            SshServerLab.check(SshServerLab.run("sh", "-c", "dropbearkey -y -f " + k + " | grep -E '^(ssh|ecdsa)-' > " + k + ".pub"));
            argv.add("-r");
            argv.add(k.toString());
        }
        // Whether this dropbear build has the Terrapin fix (upstream 2024.84; Debian may backport it).
        boolean strict = SshServerLab.run("sh", "-c", "grep -c kex-strict-s-v00@openssh.com /usr/sbin/dropbear").out.trim().matches("[1-9][0-9]*");
        lab.startServer(argv);
        return strict;
    }

    @Override
    Path publicKeyFile(String alg) {
        return lab.dir.resolve(alg.equals(SSH_ED25519) ? "db_ed25519.pub" : alg.startsWith("ecdsa") ? "db_ecdsa.pub" : "db_rsa.pub");
    }

    /** 2 kex × 3 host key algorithms × 3 cipher/MAC pairs. */
    @Override
    List<String[]> offeredCombinations() {
        String[][] protection = {{CHACHA20_POLY1305, null}, {AES128_CTR, HMAC_SHA2_256}, {AES256_CTR, HMAC_SHA2_256}};
        String[] hostKeys = {SSH_ED25519, ECDSA_SHA2_NISTP256, RSA_SHA2_256};
        List<String[]> out = new ArrayList<>();
        for (String kex : ALL_KEX) for (String hk : hostKeys) for (String[] p : protection) out.add(new String[] {kex, hk, p[0], p[1]});
        return out;
    }
}
