package dev.tabnet.tests.ssh;

import static dev.tabnet.core.ssh.SshAlgorithms.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.ssh.SshAlgorithms;
import dev.tabnet.core.ssh.SshClientConfig;
import dev.tabnet.core.ssh.SshPrompter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Our client against Debian's OpenSSH sshd (9.2p1 here) on 127.0.0.1 with throwaway host keys and
 * user. Keyboard-interactive needs PAM: with UsePAM no, OpenSSH on Linux has no kbdint device, so
 * this server runs UsePAM yes + KbdInteractiveAuthentication yes (Debian's /etc/pam.d/sshd with
 * pam_unix asks "Password:").
 */
class OpenSshInteropTest extends SshInteropSuite {
    @Override String binary() { return "/usr/sbin/sshd"; }
    @Override String userName() { return "tnsshopenssh"; }
    @Override boolean expectStrictKex() { return true; }

    @Override
    void startServer() throws Exception {
        Path conf = writeConfig(lab, "127.0.0.1", lab.port);
        lab.startServer(SshServerLab.list("/usr/sbin/sshd", "-D", "-e", "-f", conf.toString()));
    }

    /** Host keys and an sshd_config in lab.dir (as wglab.sh sshd_conf() does, plus PAM for keyboard-interactive). */
    static Path writeConfig(SshServerLab lab, String address, int port) throws Exception {
        for (String t : new String[] {"ed25519", "ecdsa", "rsa"}) {
            SshServerLab.check(SshServerLab.run("ssh-keygen", "-q", "-t", t, "-N", "", "-C", "tabnet-test-host", "-f", lab.dir.resolve("host_" + t).toString()));
        }
        Path conf = lab.dir.resolve("sshd_config");
        Files.writeString(conf, String.join("\n",
                "ListenAddress " + address,
                "Port " + port,
                "HostKey " + lab.dir.resolve("host_ed25519"),
                "HostKey " + lab.dir.resolve("host_ecdsa"),
                "HostKey " + lab.dir.resolve("host_rsa"),
                "PidFile none",
                "UsePAM yes",
                "PermitRootLogin no",
                "AllowUsers " + lab.user,
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication yes",
                "PubkeyAuthentication yes",
                "AuthorizedKeysFile .ssh/authorized_keys",
                "UseDNS no",
                "PrintMotd no",
                "MaxStartups 100",
                // The server re-keys on its own after 4 MB, so server-initiated re-keys get tested too.
                "RekeyLimit 4M",
                "LogLevel VERBOSE",
                ""));
        Files.createDirectories(Path.of("/run/sshd"));
        SshServerLab.check(SshServerLab.run("/usr/sbin/sshd", "-t", "-f", conf.toString()));
        return conf;
    }

    @Override
    Path publicKeyFile(String alg) {
        return lab.dir.resolve(alg.equals(SSH_ED25519) ? "host_ed25519.pub" : alg.startsWith("ecdsa") ? "host_ecdsa.pub" : "host_rsa.pub");
    }

    /** OpenSSH 9.2 offers all of our list: 2 kex × 4 host key algorithms × 7 cipher/MAC pairs. */
    @Override
    List<String[]> offeredCombinations() {
        String[][] protection = {
            {CHACHA20_POLY1305, null}, {AES128_GCM, null}, {AES256_GCM, null},
            {AES128_CTR, HMAC_SHA2_256_ETM}, {AES128_CTR, HMAC_SHA2_256}, {AES256_CTR, HMAC_SHA2_256_ETM}, {AES256_CTR, HMAC_SHA2_256},
        };
        List<String[]> out = new ArrayList<>();
        for (String kex : ALL_KEX) for (String hk : ALL_HOST_KEYS) for (String[] p : protection) out.add(new String[] {kex, hk, p[0], p[1]});
        return out;
    }

    @Test
    void serverInitiatedRekeysDuringADownload() throws Exception {
        requireServer();
        // Our own limit stays at the 1 GiB default, so every re-key here is the server's (RekeyLimit 4M).
        try (SocketSshDriver d = connect(config(SshAlgorithms.defaults()))) {
            d.runUntilAuthenticated();
            ChannelRecorder rec = exec(d, "head -c 20000000 /dev/zero", true, 30000);
            assertEquals(20000000, rec.stdoutBytes);
            assertTrue(d.client.kexCount() >= 5, "kex count " + d.client.kexCount());
        }
    }

    @Test
    void keyboardInteractiveThroughPam() throws Exception {
        requireServer();
        List<String> prompts = new ArrayList<>();
        SshPrompter pam = new SshPrompter() {
            @Override
            public void password(String user, String host, Consumer<String> answer) {
                answer.accept(null);
            }

            @Override
            public void keyboardInteractive(String name, String instruction, String[] p, boolean[] echo, Consumer<String[]> answer) {
                for (int i = 0; i < p.length; i++) prompts.add(p[i] + (echo[i] ? "(echo)" : "(hidden)"));
                String[] a = new String[p.length];
                java.util.Arrays.fill(a, SshServerLab.PASSWORD);
                answer.accept(a);
            }
        };
        SshClientConfig cfg = config(SshAlgorithms.defaults()).authMethods(SshClientConfig.KEYBOARD_INTERACTIVE).prompter(pam);
        try (SocketSshDriver d = connect(cfg)) {
            d.runUntilAuthenticated();
            assertEquals("keyboard-interactive", d.events.authMethod);
            assertTrue(prompts.size() >= 1 && prompts.get(0).contains("assword"), prompts.toString());
            assertTrue(d.client.serverSigAlgs() != null && List.of(d.client.serverSigAlgs()).contains(SSH_ED25519), "ext-info server-sig-algs");
        }
    }
}
