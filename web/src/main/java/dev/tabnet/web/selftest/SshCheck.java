package dev.tabnet.web.selftest;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.ssh.Ed25519Identity;
import dev.tabnet.core.ssh.SelfTestSshExchange;

/** The SSH client in Wasm: one in-memory session per cipher suite, and a key generated in the tab. */
final class SshCheck {
    private static final String[][] SUITES = {
        {"chacha20-poly1305@openssh.com", null}, {"aes128-gcm@openssh.com", null}, {"aes256-gcm@openssh.com", null},
        {"aes128-ctr", "hmac-sha2-256"}, {"aes256-ctr", "hmac-sha2-256-etm@openssh.com"},
    };

    private SshCheck() {}

    static void run(SelfTestReport report, Entropy entropy) {
        int passed = 0;
        for (String[] s : SUITES) {
            try {
                SelfTestSshExchange.run(entropy, s[0], s[1]);
                passed++;
            } catch (Exception e) {
                report.fail("ssh " + s[0] + (s[1] == null ? "" : "+" + s[1]) + ": " + e.getMessage());
            }
        }
        report.put("sshSuitesPassed", passed);
        String line = Ed25519Identity.generate(entropy).authorizedKeysLine("tab");
        report.put("sshKeyLineOk", line.startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI") && line.endsWith(" tab"));
    }
}
