package dev.tabnet.core.control.noise;

import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * ts2021 framing (tailscale {@code control/controlbase/messages.go} and {@code conn.go}). Headers are
 * cleartext and are not part of any hash or AD; only the prologue carries the version.
 *
 * <pre>
 * initiation (101): version u16 BE | type 0x01 | length u16 BE = 96 | e (32) | enc(s) (48) | tag (16)
 * response    (51): type 0x02 | length u16 BE = 48 | e (32) | tag (16)
 * error      (3+n): type 0x03 | length u16 BE | UTF-8 text (unauthenticated hint)
 * record     (3+n): type 0x04 | length u16 BE | ciphertext ‖ tag
 * </pre>
 */
public final class Messages {
    private Messages() {}

    public static final int msgTypeInitiation = 1;
    public static final int msgTypeResponse = 2;
    public static final int msgTypeError = 3;
    public static final int msgTypeRecord = 4;

    /** Header of every message except the initiation: type (1) + length (2). */
    public static final int headerLen = 3;
    /** Header of the initiation: version (2) + type (1) + length (2). */
    public static final int initiationHeaderLen = 5;

    public static final int INITIATION_PAYLOAD_LEN = NoiseIK.MESSAGE1_OVERHEAD; // 96, empty Noise payload
    public static final int INITIATION_LEN = initiationHeaderLen + INITIATION_PAYLOAD_LEN; // 101
    public static final int RESPONSE_PAYLOAD_LEN = NoiseIK.MESSAGE2_OVERHEAD; // 48
    public static final int RESPONSE_LEN = headerLen + RESPONSE_PAYLOAD_LEN; // 51

    /** Largest message on the wire, header included. */
    public static final int maxMessageSize = 4096;
    public static final int maxCiphertextSize = maxMessageSize - headerLen; // 4093
    public static final int maxPlaintextSize = maxCiphertextSize - NoiseIK.TAG_LEN; // 4077

    public static final String protocolVersionPrefix = "Tailscale Control Protocol v";

    /** The prologue mixed into the handshake: prefix + decimal version. */
    public static byte[] protocolVersionPrologue(int version) {
        return (protocolVersionPrefix + version).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] initiation(int version, byte[] noiseMessage1) {
        byte[] m = new byte[INITIATION_LEN];
        Bytes.put16be(m, 0, version);
        m[2] = msgTypeInitiation;
        Bytes.put16be(m, 3, INITIATION_PAYLOAD_LEN);
        System.arraycopy(noiseMessage1, 0, m, initiationHeaderLen, INITIATION_PAYLOAD_LEN);
        return m;
    }

    static byte[] response(byte[] noiseMessage2) {
        byte[] m = new byte[RESPONSE_LEN];
        m[0] = msgTypeResponse;
        Bytes.put16be(m, 1, RESPONSE_PAYLOAD_LEN);
        System.arraycopy(noiseMessage2, 0, m, headerLen, RESPONSE_PAYLOAD_LEN);
        return m;
    }

    /** An error message; the text is a fixed string chosen by us, never echoed peer input. */
    static byte[] error(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(t.length, 0xffff);
        byte[] m = new byte[headerLen + n];
        m[0] = msgTypeError;
        Bytes.put16be(m, 1, n);
        System.arraycopy(t, 0, m, headerLen, n);
        return m;
    }
}
