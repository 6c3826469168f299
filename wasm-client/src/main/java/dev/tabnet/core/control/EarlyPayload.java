package dev.tabnet.core.control;

import dev.tabnet.core.util.Bytes;

/**
 * The optional early payload a ts2021 server may send right after the Noise handshake
 * ({@code control/ts2021/conn.go}): magic {@code ff ff ff 'T' 'S'}, a uint32 BE length and that many
 * bytes of JSON ({@code tailcfg.EarlyNoise}, e.g. {"nodeKeyChallenge":"chalpub:…"}). Otherwise the
 * first plaintext bytes are already HTTP/2 (an HTTP/2 frame header is also 9 bytes, and its first
 * three bytes can never be ff ff ff because frames are at most 2^24−1 bytes and servers send
 * SETTINGS first).
 *
 * <p>{@link Filter} is the client's side: it sits between the Noise plaintext and HTTP/2, peeks the
 * first 9 bytes, strips the early payload if present and passes everything else through.
 */
public final class EarlyPayload {
    public static final byte[] MAGIC = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 'T', 'S'};
    public static final int HEADER_LEN = MAGIC.length + 4; // 9
    /** The Go client refuses longer early payloads. */
    public static final int MAX_LEN = 10 << 20;

    private EarlyPayload() {}

    /** Server side: magic ‖ length ‖ json. */
    public static byte[] encode(byte[] json) {
        byte[] out = new byte[HEADER_LEN + json.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        Bytes.put32be(out, MAGIC.length, json.length);
        System.arraycopy(json, 0, out, HEADER_LEN, json.length);
        return out;
    }

    /** Client-side peeking filter (sans-I/O, single-threaded). */
    public static final class Filter {
        private enum Phase { PEEK, PAYLOAD, PASS, FAILED }

        private final byte[] header = new byte[HEADER_LEN];
        private int headerLen;
        private byte[] payload;
        private int payloadLen;
        private Phase phase = Phase.PEEK;
        private String error;

        /**
         * Feeds plaintext; returns the bytes meant for HTTP/2 (possibly empty). After an error
         * everything is dropped and {@link #error()} says why.
         */
        public byte[] feed(byte[] b, int off, int len) {
            java.io.ByteArrayOutputStream pass = null;
            int end = off + len;
            while (off < end) {
                if (phase == Phase.PASS) {
                    return concat(pass, b, off, end - off);
                }
                if (phase == Phase.FAILED) return new byte[0];
                if (phase == Phase.PEEK) {
                    int n = Math.min(HEADER_LEN - headerLen, end - off);
                    System.arraycopy(b, off, header, headerLen, n);
                    headerLen += n;
                    off += n;
                    if (headerLen < HEADER_LEN) return new byte[0];
                    if (!Bytes.constantTimeEquals(header, 0, MAGIC, 0, MAGIC.length)) {
                        phase = Phase.PASS;
                        pass = new java.io.ByteArrayOutputStream();
                        pass.write(header, 0, HEADER_LEN);
                        continue;
                    }
                    long n32 = Bytes.u32be(header, MAGIC.length);
                    if (n32 > MAX_LEN) {
                        phase = Phase.FAILED;
                        error = "early payload of " + n32 + " bytes exceeds " + MAX_LEN;
                        return new byte[0];
                    }
                    payload = new byte[(int) n32];
                    phase = payload.length == 0 ? Phase.PASS : Phase.PAYLOAD;
                    continue;
                }
                // PAYLOAD
                int n = Math.min(payload.length - payloadLen, end - off);
                System.arraycopy(b, off, payload, payloadLen, n);
                payloadLen += n;
                off += n;
                if (payloadLen == payload.length) phase = Phase.PASS;
            }
            return pass == null ? new byte[0] : pass.toByteArray();
        }

        private static byte[] concat(java.io.ByteArrayOutputStream head, byte[] b, int off, int len) {
            if (head == null) return Bytes.slice(b, off, len);
            head.write(b, off, len);
            return head.toByteArray();
        }

        /** True once the filter knows whether there was an early payload (and has all of it). */
        public boolean decided() {
            return phase == Phase.PASS;
        }

        /** The early payload JSON, or null if the server sent none (or it is incomplete). */
        public byte[] payload() {
            return phase == Phase.PASS && payload != null ? payload.clone() : null;
        }

        public String error() {
            return error;
        }
    }
}
