package dev.tabnet.core.ssh;

import static dev.tabnet.core.ssh.SshMessages.*;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.ProductInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The SSH transport layer, client side (RFC 4253): version exchange, KEXINIT negotiation,
 * curve25519-sha256, NEWKEYS, re-keying, ext-info (RFC 8308) and OpenSSH's strict key exchange
 * (PROTOCOL §1.9, the Terrapin fix). Sans-I/O: bytes in through receive(), bytes out through the
 * output queue; upper-layer payloads go to {@link Upper}.
 */
final class Transport {
    static final String CLIENT_VERSION = "SSH-2.0-" + ProductInfo.NAME + "_" + ProductInfo.VERSION;
    /** RFC 4253 §4.2: at most 255 characters including CR LF. */
    private static final int MAX_VERSION_LINE = 255;
    /** Lines a server may send before its version line (RFC 4253 §4.2 allows some); bounded against a flood. */
    private static final int MAX_PRE_VERSION_LINES = 64;

    /** The layer above: the client's userauth and connection protocols. */
    interface Upper {
        void transportReady() throws SshException;

        /** Returns false if the message type is unknown to the upper layer (we answer UNIMPLEMENTED). */
        boolean payload(int type, byte[] payload) throws SshException;

        void serverSigAlgs(String[] algs);
    }

    private final Entropy entropy;
    private final SshAlgorithms algorithms;
    private final String host;
    private final HostKeyVerifier verifier;
    private final Upper upper;
    private final PacketReader reader = new PacketReader();
    private final PacketWriter writer;
    final ArrayDeque<byte[]> output = new ArrayDeque<>();
    private final ArrayDeque<byte[]> heldDuringKex = new ArrayDeque<>();

    long rekeyBytes = 1L << 30;
    long rekeyPackets = 1L << 31;

    private String serverVersion;
    private int preVersionLines;

    private KexInit ourKexInit;
    private KexInit theirKexInit;
    private Curve25519Kex kex;
    private Negotiated pending;
    private Negotiated current;
    private PacketCipher nextIncoming;
    private boolean sentNewKeys;
    private boolean receivedNewKeys;
    private boolean ignoreNextKexPacket;
    private boolean awaitingHostKeyDecision;
    private byte[] sessionId;
    private HostKey hostKey;
    private boolean strict;
    private int kexCount;
    private long packetsBeforeFirstKexInit;

    private boolean closed;
    private String error;

    Transport(Entropy entropy, SshAlgorithms algorithms, String host, HostKeyVerifier verifier, Upper upper) {
        this.entropy = entropy;
        this.algorithms = algorithms;
        this.host = host;
        this.verifier = verifier;
        this.upper = upper;
        this.writer = new PacketWriter(entropy);
    }

    void start() {
        output.add((CLIENT_VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
        // Our first KEXINIT waits for the server's (RFC 4253 §7.1 allows either order): only then do we
        // know whether it has strict kex, and so which cipher order is safe (see KexInit.client). It
        // costs no round trip: our ECDH_INIT could not have been sent before the server's KEXINIT anyway.
    }

    /** Started, but our first KEXINIT still waits for the server's. */
    boolean waitingForFirstKexInit() {
        return !closed && kexCount == 0 && ourKexInit == null;
    }

    /** For a server that waits for our KEXINIT: send it now, ordered as without strict kex. */
    void sendFirstKexInitIfStillWaiting() {
        if (waitingForFirstKexInit()) sendKexInit();
    }

    boolean isClosed() { return closed; }
    String error() { return error; }
    int kexCount() { return kexCount; }
    boolean strictKex() { return strict; }
    Negotiated negotiated() { return current; }
    HostKey hostKey() { return hostKey; }
    String serverVersion() { return serverVersion; }
    byte[] sessionId() { return sessionId; }

    boolean kexInProgress() {
        return ourKexInit != null || theirKexInit != null;
    }

    // ---- input -------------------------------------------------------------------------------

    void receive(byte[] b, int off, int len) throws SshException {
        if (closed) return;
        reader.append(b, off, len);
        process();
    }

    /** Reentrancy guard: a verifier answering from inside verify() must not start a nested loop. */
    private boolean processing;

    private void process() throws SshException {
        if (processing) return;
        processing = true;
        try {
            if (serverVersion == null && !readVersion()) return;
            while (!closed && !awaitingHostKeyDecision) {
                byte[] p = reader.next();
                if (p == null) return;
                dispatch(p);
                maybeRekey();
            }
        } finally {
            processing = false;
        }
    }

    private boolean readVersion() throws SshException {
        while (true) {
            byte[] buf = reader.buffer();
            int s = reader.start();
            int n = reader.available();
            int eol = -1;
            for (int i = 0; i < n && i < MAX_VERSION_LINE; i++) {
                if (buf[s + i] == '\n') {
                    eol = i;
                    break;
                }
            }
            if (eol < 0) {
                if (n >= MAX_VERSION_LINE) throw new SshException(SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED, "server identification line longer than 255 bytes");
                return false;
            }
            int lineLen = eol > 0 && buf[s + eol - 1] == '\r' ? eol - 1 : eol;
            String line = new String(buf, s, lineLen, StandardCharsets.ISO_8859_1);
            reader.skip(eol + 1);
            if (line.startsWith("SSH-")) {
                if (!line.startsWith("SSH-2.0-") && !line.startsWith("SSH-1.99-")) {
                    throw new SshException(SSH_DISCONNECT_PROTOCOL_VERSION_NOT_SUPPORTED, "server speaks an unsupported protocol version: " + line);
                }
                serverVersion = line;
                return true;
            }
            if (++preVersionLines > MAX_PRE_VERSION_LINES) throw SshException.protocol("no SSH identification line from the server");
        }
    }

    private void dispatch(byte[] p) throws SshException {
        int type = p[0] & 0xff;
        boolean initial = kexCount == 0;
        if (initial && theirKexInit == null && type != SSH_MSG_KEXINIT) packetsBeforeFirstKexInit++;
        if (initial && strict && !isKex(type) && type != SSH_MSG_DISCONNECT) {
            // PROTOCOL §1.9: during the first kex under strict mode every other message is fatal, even IGNORE.
            throw SshException.protocol("unexpected message " + type + " during strict key exchange");
        }
        switch (type) {
            case SSH_MSG_DISCONNECT: {
                SshReader r = new SshReader(p);
                r.u8();
                long reason = r.u32();
                String text = r.utf8();
                closed = true;
                error = "server disconnected (reason " + reason + "): " + text;
                return;
            }
            case SSH_MSG_IGNORE:
            case SSH_MSG_DEBUG:
            case SSH_MSG_UNIMPLEMENTED:
                return;
            case SSH_MSG_KEXINIT:
                onKexInit(p);
                return;
            case SSH_MSG_KEX_ECDH_REPLY:
                if (ignoreNextKexPacket) {
                    ignoreNextKexPacket = false;
                    return;
                }
                onEcdhReply(p);
                return;
            case SSH_MSG_NEWKEYS:
                onNewKeys();
                return;
            case SSH_MSG_EXT_INFO:
                onExtInfo(p);
                return;
            default:
                if (isKex(type)) throw SshException.protocol("unexpected key exchange message " + type);
                if (kexCount == 0 || (theirKexInit != null && !receivedNewKeys)) {
                    throw SshException.protocol("message " + type + " arrived in the middle of a key exchange");
                }
                if (!upper.payload(type, p)) {
                    long seq = (reader.sequence() - 1) & 0xffffffffL;
                    sendNow(new SshWriter(8).u8(SSH_MSG_UNIMPLEMENTED).u32(seq).toByteArray());
                }
        }
    }

    // ---- key exchange ------------------------------------------------------------------------

    /** Starts a re-key now (also used by tests to force one). No-op while a kex is running. */
    void rekey() {
        if (closed || kexInProgress() || kexCount == 0) return;
        sendKexInit();
    }

    private void maybeRekey() {
        if (kexCount == 0 || kexInProgress()) return;
        if (reader.bytesSinceKex >= rekeyBytes || writer.bytesSinceKex >= rekeyBytes
                || reader.packetsSinceKex >= rekeyPackets || writer.packetsSinceKex >= rekeyPackets) {
            sendKexInit();
        }
    }

    private void sendKexInit() {
        ourKexInit = KexInit.client(algorithms, entropy.bytes(16), kexCount == 0, strict);
        sentNewKeys = false;
        receivedNewKeys = false;
        sendNow(ourKexInit.payload);
    }

    private void onKexInit(byte[] p) throws SshException {
        if (theirKexInit != null) throw SshException.protocol("second KEXINIT during one key exchange");
        KexInit theirs = KexInit.parse(p);
        if (kexCount == 0) {
            strict = SshAlgorithms.contains(theirs.kex, SshAlgorithms.KEX_STRICT_S);
            if (strict && packetsBeforeFirstKexInit > 0) {
                throw SshException.protocol("strict key exchange: the server's KEXINIT was not its first packet");
            }
        }
        if (ourKexInit == null) sendKexInit(); // our first one, or a server-initiated re-key
        theirKexInit = theirs;
        pending = Negotiated.of(ourKexInit, theirs);
        if (theirs.firstKexPacketFollows && (!theirs.kex[0].equals(pending.kex) || !theirs.hostKeys[0].equals(pending.hostKey))) {
            ignoreNextKexPacket = true; // RFC 4253 §7: the server guessed wrong
        }
        kex = new Curve25519Kex(entropy);
        sendNow(kex.initMessage());
    }

    private void onEcdhReply(byte[] p) throws SshException {
        if (kex == null || theirKexInit == null) throw SshException.protocol("KEX_ECDH_REPLY without a key exchange in progress");
        Curve25519Kex.Result res = kex.reply(p, CLIENT_VERSION, serverVersion, ourKexInit.payload, theirKexInit.payload);
        kex = null;
        res.hostKey.verify(pending.hostKey, res.exchangeHash, res.signature);
        boolean first = sessionId == null;
        if (first) sessionId = res.exchangeHash;
        PacketCipher out = CipherSuite.create(pending.cipherC2S, pending.macC2S, res.k, res.exchangeHash, sessionId, 'A', 'C', 'E');
        nextIncoming = CipherSuite.create(pending.cipherS2C, pending.macS2C, res.k, res.exchangeHash, sessionId, 'B', 'D', 'F');
        if (!first) {
            // A re-key must not switch to another host key (RFC 4253 §9 leaves it open; OpenSSH refuses too).
            if (!java.util.Arrays.equals(hostKey.blob, res.hostKey.blob)) {
                throw new SshException(SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE, "the server changed its host key during a re-key: " + res.hostKey.fingerprint());
            }
            sendNewKeys(out);
            return;
        }
        hostKey = res.hostKey;
        awaitingHostKeyDecision = true;
        final PacketCipher c2s = out;
        verifier.verify(host, res.hostKey, new HostKeyVerifier.Decision() {
            private boolean used;

            @Override
            public void accept() {
                if (used || closed) return;
                used = true;
                awaitingHostKeyDecision = false;
                sendNewKeys(c2s);
                resumeAfterDecision();
            }

            @Override
            public void reject(String reason) {
                if (used || closed) return;
                used = true;
                awaitingHostKeyDecision = false;
                fail(new SshException(SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE, "host key rejected: " + reason));
            }
        });
    }

    /** A decision given later (not from inside verify()) resumes reading here. */
    private void resumeAfterDecision() {
        if (processing) return;
        try {
            process();
        } catch (SshException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(SshException.protocol("internal error: " + e));
        }
    }

    private void sendNewKeys(PacketCipher c2s) {
        sendNow(new byte[] {(byte) SSH_MSG_NEWKEYS});
        writer.setCipher(c2s);
        if (strict) writer.resetSequence();
        sentNewKeys = true;
        ourKexInit = null; // from here on we may send anything again (RFC 4253 §7.3)
        while (!heldDuringKex.isEmpty()) output.add(writer.seal(heldDuringKex.poll()));
        if (receivedNewKeys) kexDoneUnchecked();
    }

    private void onNewKeys() throws SshException {
        if (nextIncoming == null) throw SshException.protocol("NEWKEYS before the key exchange reply");
        reader.setCipher(nextIncoming);
        nextIncoming = null;
        if (strict) reader.resetSequence();
        receivedNewKeys = true;
        if (sentNewKeys) kexDone();
    }

    private void kexDone() throws SshException {
        theirKexInit = null;
        ourKexInit = null;
        current = pending;
        boolean first = kexCount == 0;
        kexCount++;
        if (first) upper.transportReady();
    }

    private void kexDoneUnchecked() {
        try {
            kexDone();
        } catch (SshException e) {
            fail(e);
        }
    }

    private void onExtInfo(byte[] p) throws SshException {
        SshReader r = new SshReader(p);
        r.u8();
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            String name = r.utf8();
            byte[] value = r.string();
            if (name.equals("server-sig-algs")) upper.serverSigAlgs(new SshReader(new SshWriter().string(value).toByteArray()).nameList());
        }
    }

    // ---- output ------------------------------------------------------------------------------

    /** Sends an upper-layer payload, holding it back while a key exchange has not reached our NEWKEYS. */
    void send(byte[] payload) {
        if (closed) return;
        if (ourKexInit != null || (theirKexInit != null && !sentNewKeys)) {
            heldDuringKex.add(payload);
            return;
        }
        output.add(writer.seal(payload));
        maybeRekey();
    }

    private void sendNow(byte[] payload) {
        output.add(writer.seal(payload));
    }

    /** Ends the session: best-effort DISCONNECT to the server, then closed with error (null = clean). */
    void disconnect(int reason, String description, String error) {
        if (closed) return;
        sendNow(new SshWriter().u8(SSH_MSG_DISCONNECT).u32(reason).string(description).string("").toByteArray());
        closed = true;
        this.error = error;
    }

    void fail(SshException e) {
        disconnect(e.reason, e.getMessage(), e.getMessage());
    }
}
