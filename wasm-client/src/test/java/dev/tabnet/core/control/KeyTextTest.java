package dev.tabnet.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tabnet.core.util.Hex;
import org.junit.jupiter.api.Test;

/** Key text forms against the serialized keys in tailscale types/key/machine_test.go and disco_test.go. */
class KeyTextTest {
    // TestMachineSerialization: these strings are stable on-disk forms.
    private static final String PRIV = "privkey:40ab1b58e9076c7a4d9d07291f5edf9d1aa017eb949624ba683317f48a640369";
    private static final String MKEY = "mkey:50d20b455ecf12bc453f83c2cfdb2a24925d06cf2598dcaa54e91af82ce9f765";
    private static final String DISCO = "discokey:50d20b455ecf12bc453f83c2cfdb2a24925d06cf2598dcaa54e91af82ce9f765";

    @Test
    void publishedFormsParseToTheGoTestBytesAndReencode() throws Exception {
        byte[] priv = KeyText.parse(KeyText.PRIVATE, PRIV);
        assertArrayEquals(Hex.decode("40ab1b58e9076c7a4d9d07291f5edf9d1aa017eb949624ba683317f48a640369"), priv);
        assertEquals(PRIV, MachineKey.parsePrivate(PRIV).privateText());
        byte[] pub = KeyText.parse(KeyText.MACHINE_PUBLIC, MKEY);
        assertEquals(0x50, pub[0] & 0xff);
        assertEquals(0x65, pub[31] & 0xff);
        assertEquals(MKEY, KeyText.format(KeyText.MACHINE_PUBLIC, pub));
        assertEquals(DISCO, KeyText.format(KeyText.DISCO_PUBLIC, KeyText.parse(KeyText.DISCO_PUBLIC, DISCO)));
    }

    @Test
    void upperCaseHexIsAcceptedAndLowerCaseWritten() throws Exception {
        byte[] k = KeyText.parse(KeyText.NODE_PUBLIC, "nodekey:" + MKEY.substring(5).toUpperCase());
        assertEquals("nodekey:" + MKEY.substring(5), KeyText.format(KeyText.NODE_PUBLIC, k));
    }

    @Test
    void zeroKeyIsWrittenAsZeros() {
        assertEquals("nodekey:" + "0".repeat(64), KeyText.format(KeyText.NODE_PUBLIC, new byte[32]));
    }

    @Test
    void badFormsAreRejectedWithAClearReason() {
        assertEquals("key does not start with nodekey:",
                assertThrows(KeyText.KeyFormatException.class, () -> KeyText.parse(KeyText.NODE_PUBLIC, MKEY)).getMessage());
        assertEquals("mkey: key must have 64 hex digits, got 63 characters",
                assertThrows(KeyText.KeyFormatException.class, () -> KeyText.parse(KeyText.MACHINE_PUBLIC, MKEY.substring(0, MKEY.length() - 1))).getMessage());
        assertEquals("mkey: key has a non-hex character",
                assertThrows(KeyText.KeyFormatException.class, () -> KeyText.parse(KeyText.MACHINE_PUBLIC, MKEY.replace('f', 'g'))).getMessage());
        assertThrows(KeyText.KeyFormatException.class, () -> KeyText.parse(KeyText.MACHINE_PUBLIC, null));
        assertThrows(KeyText.KeyFormatException.class, () -> KeyText.parse(KeyText.MACHINE_PUBLIC, "MKEY:" + MKEY.substring(5)));
    }

    @Test
    void tailnetLockAcceptsTheCliPrefix() throws Exception {
        String hex = MKEY.substring(5);
        assertArrayEquals(KeyText.parseTailnetLockPublic("nlpub:" + hex), KeyText.parseTailnetLockPublic("tlpub:" + hex));
    }

    @Test
    void machineKeyPublicMatchesRfc7748Alice() {
        // RFC 7748 §6.1: Alice's private key and public key.
        MachineKey alice = MachineKey.fromPrivate(Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertEquals("mkey:8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", alice.publicText());
    }
}
