package dev.tabnet.core.control.noise;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * A ts2021 Noise connection (tailscale {@code controlbase}), sans-I/O, for either role. The adapter
 * moves bytes: {@link #receive} what arrived from the network, write out {@link #takeOutbound}, and
 * read the decrypted application stream with {@link #readPlaintext}; {@link #send} encrypts
 * application bytes into records of at most 4096 bytes. The application stream is a plain byte
 * stream (record boundaries carry no meaning), so HTTP/2 runs on top unchanged.
 *
 * <p>Client: {@link #client} builds the 101-byte initiation, which the adapter transmits itself
 * (HTTP header, WebSocket query parameter, or raw on the stream) — it is not in the outbound queue.
 * Server: {@link #server} then either {@link #acceptInitiation} (initiation received out of band) or
 * {@link #receive} it from the stream. The server's 51-byte response is queued in the outbound
 * bytes, followed by whatever the caller sends right after (e.g. the early payload), so one write
 * carries both.
 *
 * <p>Nothing here throws on bad input: the first problem moves the connection to
 * {@link State#FAILED} with a {@link NoiseError}; later input is ignored.
 */
public final class NoiseConn {
    public enum State { HANDSHAKING, ESTABLISHED, FAILED }

    /** Go's control client gives the whole dial (including the handshake) about this long. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_NANOS = 30_000_000_000L;

    private final boolean client;
    private final Entropy entropy;
    private final byte[] staticPrivate;
    private final ByteQueue in = new ByteQueue();
    private final ByteQueue out = new ByteQueue();
    private final ByteQueue plaintext = new ByteQueue();
    private final ByteQueue pendingSend = new ByteQueue(); // client writes before the handshake ends
    private final long handshakeDeadline;
    private final byte[] frame = new byte[Messages.maxMessageSize];

    private NoiseIK handshake;
    private byte[] initiation;
    private boolean initiationSeen;
    private int protocolVersion = -1;
    private CipherState tx;
    private CipherState rx;
    private byte[] handshakeHash;
    private byte[] peerStatic;
    private State state = State.HANDSHAKING;
    private NoiseError error;
    private String errorDetail;

    private NoiseConn(boolean client, byte[] staticPrivate, Entropy entropy, long nowNanos, long timeoutNanos) {
        this.client = client;
        this.staticPrivate = staticPrivate.clone();
        this.entropy = entropy;
        this.handshakeDeadline = nowNanos + timeoutNanos;
    }

    /**
     * The initiator (a client machine). {@code protocolVersion} is the capability version; it goes
     * into the cleartext header and the prologue.
     */
    public static NoiseConn client(byte[] machinePrivate, byte[] controlPublic, int protocolVersion,
                                   Entropy entropy, long nowNanos, long handshakeTimeoutNanos) {
        if (protocolVersion < 0 || protocolVersion > 0xffff) throw new IllegalArgumentException("protocol version must fit uint16");
        if (machinePrivate.length != 32 || controlPublic.length != 32) throw new IllegalArgumentException("keys must be 32 bytes");
        NoiseConn c = new NoiseConn(true, machinePrivate, entropy, nowNanos, handshakeTimeoutNanos);
        c.protocolVersion = protocolVersion;
        c.peerStatic = controlPublic.clone();
        byte[] ephemeral = X25519.generatePrivateKey(entropy);
        c.handshake = NoiseIK.initiator(Messages.protocolVersionPrologue(protocolVersion), machinePrivate, ephemeral, controlPublic);
        Bytes.wipe(ephemeral);
        try {
            c.initiation = Messages.initiation(protocolVersion, c.handshake.writeMessage1(new byte[0]));
        } catch (CryptoException e) {
            // Only a low-order control key can make es/ss all-zero.
            c.fail(NoiseError.HANDSHAKE_FAILED, "bad control public key: " + e.getMessage());
        }
        return c;
    }

    public static NoiseConn client(byte[] machinePrivate, byte[] controlPublic, int protocolVersion, Entropy entropy, long nowNanos) {
        return client(machinePrivate, controlPublic, protocolVersion, entropy, nowNanos, DEFAULT_HANDSHAKE_TIMEOUT_NANOS);
    }

    /** The responder (the control server), holding the control private key. */
    public static NoiseConn server(byte[] controlPrivate, Entropy entropy, long nowNanos, long handshakeTimeoutNanos) {
        if (controlPrivate.length != 32) throw new IllegalArgumentException("keys must be 32 bytes");
        return new NoiseConn(false, controlPrivate, entropy, nowNanos, handshakeTimeoutNanos);
    }

    public static NoiseConn server(byte[] controlPrivate, Entropy entropy, long nowNanos) {
        return server(controlPrivate, entropy, nowNanos, DEFAULT_HANDSHAKE_TIMEOUT_NANOS);
    }

    /** Client: the 101-byte initiation to transmit (null if the control key was unusable). */
    public byte[] initiationMessage() {
        return initiation == null ? null : initiation.clone();
    }

    /**
     * Server: the initiation arrived out of band (X-Tailscale-Handshake). Like controlbase with
     * optionalInit, a wrong size, type or length is answered with an error message.
     */
    public void acceptInitiation(byte[] message) {
        if (client || initiationSeen || state != State.HANDSHAKING) return;
        if (message == null || message.length != Messages.INITIATION_LEN) {
            refuse(NoiseError.WRONG_INITIATION_SIZE, "got " + (message == null ? 0 : message.length) + " bytes");
            return;
        }
        processInitiation(message);
    }

    /** Bytes from the network. */
    public void receive(byte[] b, int off, int len, long nowNanos) {
        if (state == State.FAILED) return;
        poll(nowNanos);
        if (state == State.FAILED) return;
        in.append(b, off, len);
        drain();
    }

    public void receive(byte[] b, long nowNanos) {
        receive(b, 0, b.length, nowNanos);
    }

    /** Application bytes to encrypt; before the handshake completes they wait (either role). */
    public void send(byte[] b, int off, int len) {
        if (state == State.FAILED) return;
        if (state == State.HANDSHAKING) {
            pendingSend.append(b, off, len);
            return;
        }
        while (len > 0 && state == State.ESTABLISHED) {
            int n = Math.min(len, Messages.maxPlaintextSize);
            if (tx.exhausted()) {
                fail(NoiseError.CIPHER_EXHAUSTED, "send direction");
                return;
            }
            frame[0] = Messages.msgTypeRecord;
            Bytes.put16be(frame, 1, n + NoiseIK.TAG_LEN);
            int c = tx.seal(b, off, n, frame, Messages.headerLen);
            out.append(frame, 0, Messages.headerLen + c);
            off += n;
            len -= n;
        }
    }

    public void send(byte[] b) {
        send(b, 0, b.length);
    }

    /** Everything ready for the network (handshake response, error message, records), or an empty array. */
    public byte[] takeOutbound() {
        return out.takeAll();
    }

    /**
     * At most {@code maxBytes} of the outbound bytes (split anywhere: the peer reads a byte stream).
     * WebSocket adapters use this to keep each message within what the server reads at once —
     * Tailscale and headscale accept WebSocket messages of up to 32 KiB (coder/websocket's default
     * read limit); the Go client sends one record per message.
     */
    public byte[] takeOutbound(int maxBytes) {
        byte[] b = new byte[Math.min(maxBytes, out.size())];
        out.read(b, 0, b.length);
        return b;
    }

    /** A WebSocket message size every ts2021 server accepts. */
    public static final int MAX_WEBSOCKET_MESSAGE = 32 * 1024;

    public boolean hasOutbound() {
        return out.size() > 0;
    }

    public int availablePlaintext() {
        return plaintext.size();
    }

    public int readPlaintext(byte[] dst, int off, int len) {
        return plaintext.read(dst, off, len);
    }

    public byte[] takePlaintext() {
        return plaintext.takeAll();
    }

    /** Checks the handshake deadline. */
    public void poll(long nowNanos) {
        if (state == State.HANDSHAKING && nowNanos - handshakeDeadline >= 0) fail(NoiseError.HANDSHAKE_TIMEOUT, null);
    }

    /** When {@link #poll} next needs calling, or Long.MAX_VALUE. */
    public long nextDeadline() {
        return state == State.HANDSHAKING ? handshakeDeadline : Long.MAX_VALUE;
    }

    public State state() {
        return state;
    }

    public boolean isClient() {
        return client;
    }

    public NoiseError error() {
        return error;
    }

    /** Human-readable reason, e.g. "record authentication failed (record 3)". Null while healthy. */
    public String errorMessage() {
        if (error == null) return null;
        return errorDetail == null ? error.text : error.text + " (" + errorDetail + ")";
    }

    /** The version from the initiation header (server) or the one we offered (client); -1 before. */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** The peer's static key: the control key (client) or the client's machine key (server, after the initiation). */
    public byte[] peerStatic() {
        return peerStatic == null ? null : peerStatic.clone();
    }

    /** The final Noise handshake hash (both sides agree on it), or null before the handshake ends. */
    public byte[] handshakeHash() {
        return handshakeHash == null ? null : handshakeHash.clone();
    }

    // --- receive path ---

    private void drain() {
        while (state != State.FAILED) {
            if (state == State.HANDSHAKING) {
                if (!(client ? readResponse() : readInitiation())) return;
            } else if (!readRecord()) {
                return;
            }
        }
    }

    private boolean readInitiation() {
        if (initiationSeen) return false; // waiting for nothing; stray bytes stay queued as records
        if (in.size() < Messages.initiationHeaderLen) return false;
        if (in.peek(2) != Messages.msgTypeInitiation) {
            refuse(NoiseError.UNEXPECTED_MESSAGE_TYPE, "type " + in.peek(2));
            return false;
        }
        int len = in.peek(3) << 8 | in.peek(4);
        if (len != Messages.INITIATION_PAYLOAD_LEN) {
            refuse(NoiseError.WRONG_LENGTH, "initiation length " + len);
            return false;
        }
        if (in.size() < Messages.INITIATION_LEN) return false;
        byte[] m = new byte[Messages.INITIATION_LEN];
        in.read(m, 0, m.length);
        processInitiation(m);
        return state == State.ESTABLISHED;
    }

    private void processInitiation(byte[] m) {
        initiationSeen = true;
        if ((m[2] & 0xff) != Messages.msgTypeInitiation) {
            refuse(NoiseError.UNEXPECTED_MESSAGE_TYPE, "type " + (m[2] & 0xff));
            return;
        }
        int len = Bytes.u16be(m, 3);
        if (len != Messages.INITIATION_PAYLOAD_LEN) {
            refuse(NoiseError.WRONG_LENGTH, "initiation length " + len);
            return;
        }
        // The server trusts the header's version for the prologue; a mismatch fails authentication.
        protocolVersion = Bytes.u16be(m, 0);
        byte[] ephemeral = X25519.generatePrivateKey(entropy);
        handshake = NoiseIK.responder(Messages.protocolVersionPrologue(protocolVersion), staticPrivate, ephemeral);
        Bytes.wipe(ephemeral);
        try {
            handshake.readMessage1(Bytes.slice(m, Messages.initiationHeaderLen, Messages.INITIATION_PAYLOAD_LEN));
            peerStatic = handshake.remoteStatic();
            byte[] response = Messages.response(handshake.writeMessage2(new byte[0]));
            out.append(response, 0, response.length);
        } catch (CryptoException e) {
            fail(NoiseError.HANDSHAKE_FAILED, e.getMessage());
            return;
        }
        establish();
    }

    private boolean readResponse() {
        if (in.size() < Messages.headerLen) return false;
        int type = in.peek(0);
        int len = in.peek(1) << 8 | in.peek(2);
        if (type == Messages.msgTypeError) {
            if (in.size() < Messages.headerLen + len) return false;
            byte[] text = new byte[len];
            in.copy(Messages.headerLen, text, 0, len);
            in.clear();
            fail(NoiseError.SERVER_ERROR, new String(text, StandardCharsets.UTF_8));
            return false;
        }
        if (type != Messages.msgTypeResponse) {
            fail(NoiseError.UNEXPECTED_MESSAGE_TYPE, "type " + type);
            return false;
        }
        if (len != Messages.RESPONSE_PAYLOAD_LEN) {
            fail(NoiseError.WRONG_LENGTH, "response length " + len);
            return false;
        }
        if (in.size() < Messages.RESPONSE_LEN) return false;
        byte[] payload = new byte[Messages.RESPONSE_PAYLOAD_LEN];
        in.copy(Messages.headerLen, payload, 0, payload.length);
        in.skip(Messages.RESPONSE_LEN);
        try {
            handshake.readMessage2(payload);
        } catch (CryptoException e) {
            fail(NoiseError.HANDSHAKE_FAILED, e.getMessage());
            return false;
        }
        establish();
        return true;
    }

    private void establish() {
        NoiseIK.Transport t = handshake.split(CipherState.NonceEncoding.BIG_ENDIAN);
        handshake = null;
        Bytes.wipe(staticPrivate);
        tx = t.send;
        rx = t.receive;
        handshakeHash = t.handshakeHash();
        state = State.ESTABLISHED;
        if (pendingSend.size() > 0) { // written before the handshake ended: now they can be encrypted
            byte[] p = pendingSend.takeAll();
            send(p, 0, p.length);
        }
    }

    private boolean readRecord() {
        if (in.size() < Messages.headerLen) return false;
        int type = in.peek(0);
        int len = in.peek(1) << 8 | in.peek(2);
        if (type != Messages.msgTypeRecord) {
            fail(NoiseError.UNEXPECTED_RECORD_TYPE, "type " + type + ", want " + Messages.msgTypeRecord);
            return false;
        }
        if (len > Messages.maxCiphertextSize) {
            fail(NoiseError.RECORD_TOO_BIG, (Messages.headerLen + len) + " > " + Messages.maxMessageSize + " bytes");
            return false;
        }
        if (in.size() < Messages.headerLen + len) return false;
        if (rx.exhausted()) {
            fail(NoiseError.CIPHER_EXHAUSTED, "receive direction");
            return false;
        }
        if (len < NoiseIK.TAG_LEN) {
            fail(NoiseError.RECORD_AUTH_FAILED, "record of " + len + " bytes is shorter than the tag");
            return false;
        }
        long counter = rx.counter();
        in.copy(Messages.headerLen, frame, 0, len);
        in.skip(Messages.headerLen + len);
        try {
            int n = rx.open(frame, 0, len, frame, 0);
            plaintext.append(frame, 0, n);
        } catch (CryptoException e) {
            fail(NoiseError.RECORD_AUTH_FAILED, "record " + counter);
            return false;
        }
        return true;
    }

    // --- failure ---

    /** Server-side refusal before the handshake: send an error message, then fail. */
    private void refuse(NoiseError e, String detail) {
        byte[] m = Messages.error(e.text);
        out.append(m, 0, m.length);
        fail(e, detail);
    }

    private void fail(NoiseError e, String detail) {
        if (state == State.FAILED) return;
        state = State.FAILED;
        error = e;
        errorDetail = detail;
        in.clear();
        pendingSend.clear();
        handshake = null;
        Bytes.wipe(staticPrivate);
    }

    /** For tests of the exhaustion rule only. */
    void jumpCountersForTest(long txCounter, long rxCounter) {
        tx.setCounterForTest(txCounter);
        rx.setCounterForTest(rxCounter);
    }
}
