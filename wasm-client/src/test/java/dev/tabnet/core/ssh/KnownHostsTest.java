package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known host keys in known_hosts text form; the keys and fingerprints are what OpenSSH's ssh-keygen made and printed. */
class KnownHostsTest {
    static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAMiYfgIAFKHG9hqnpjVq1IxNdP/dJzymqW9zsmALHV vec";
    static final String ED_FP = "SHA256:Ah496W8gZi4bpsd4EuYrF2mG804Ny7H5deYaBtW7C/Y";
    static final String EC = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOtst4Kwtwup0gAauy3Ey1P1OQ2mp3XLBxtwLog+heGxL6637T5PCJmqevVkWxJT1BxV3gDfRumWOni+wvvQ7Kc= vec";
    static final String EC_FP = "SHA256:eErirlp5+b1YoVDgMR+4TVEtqxqTgsNxGpqESgLnizA";

    /** Records what the verifier decided. */
    static final class Outcome implements HostKeyVerifier.Decision {
        String result;

        @Override public void accept() { result = "accepted"; }
        @Override public void reject(String reason) { result = reason; }
    }

    private static HostKey key(String text) throws SshException {
        return HostKey.parse(KnownHosts.parsePublicKey(text));
    }

    @Test
    void parsesAuthorizedKeysTextToTheBlobSshKeygenFingerprints() throws Exception {
        assertEquals(ED_FP, HostKey.fingerprint(KnownHosts.parsePublicKey(ED)));
        assertEquals(EC_FP, HostKey.fingerprint(KnownHosts.parsePublicKey(EC)));
        assertNull(KnownHosts.parsePublicKey("ssh-rsa " + ED.split(" ")[1]), "the type must match the blob's");
        assertNull(KnownHosts.parsePublicKey("ssh-ed25519 not*base64"));
        assertNull(KnownHosts.parsePublicKey("ssh-ed25519"));
        assertNull(KnownHosts.parsePublicKey(null));
    }

    @Test
    void anyKnownKeyPassesSilentlyAnotherIsRefusedNamingTheSource() throws Exception {
        List<String> asked = new ArrayList<>();
        KnownHosts k = new KnownHosts((h, key, d) -> asked.add(h));
        assertTrue(k.add("100.64.0.5", ED, "vouched for by the control server"));
        assertEquals(List.of("ssh-ed25519"), k.knownTypes("100.64.0.5"));
        Outcome ok = new Outcome();
        k.verify("100.64.0.5", key(ED), ok);
        assertEquals("accepted", ok.result);
        Outcome bad = new Outcome();
        k.verify("100.64.0.5", key(EC), bad);
        assertTrue(bad.result.startsWith("HOST KEY MISMATCH for 100.64.0.5: the server presented ecdsa-sha2-nistp256 " + EC_FP), bad.result);
        assertTrue(bad.result.contains(ED_FP + " (vouched for by the control server)"), bad.result);
        k.add("100.64.0.5", EC, "from the page config");
        Outcome second = new Outcome();
        k.verify("100.64.0.5", key(EC), second);
        assertEquals("accepted", second.result, "a host may have a key of each type");
        assertEquals(List.of("ssh-ed25519", "ecdsa-sha2-nistp256"), k.knownTypes("100.64.0.5"));
        assertTrue(asked.isEmpty());
    }

    @Test
    void anUnknownHostIsAskedOnceAndRemembered() throws Exception {
        List<HostKeyVerifier.Decision> asked = new ArrayList<>();
        KnownHosts k = new KnownHosts((h, key, d) -> asked.add(d));
        Outcome first = new Outcome();
        k.verify("h", key(ED), first);
        assertNull(first.result);
        asked.get(0).accept();
        assertEquals("accepted", first.result);
        Outcome again = new Outcome();
        k.verify("h", key(ED), again);
        assertEquals("accepted", again.result);
        assertEquals(1, asked.size());
    }

    @Test
    void knownKeyTypesComeFirstInTheHostKeyOffer() {
        SshAlgorithms a = SshAlgorithms.defaults().preferringHostKeyTypes(List.of("ssh-rsa"));
        assertEquals(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-ed25519", "ecdsa-sha2-nistp256"), List.of(a.hostKeys));
        assertEquals(List.of(SshAlgorithms.ALL_HOST_KEYS), List.of(SshAlgorithms.defaults().preferringHostKeyTypes(List.of()).hostKeys));
    }
}
