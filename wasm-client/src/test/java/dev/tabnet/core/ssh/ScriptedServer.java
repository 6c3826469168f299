package dev.tabnet.core.ssh;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.Ed25519;
import dev.tabnet.core.crypto.Sha2;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted server side for robustness tests: it speaks just enough (version, KEXINIT,
 * curve25519 reply, NEWKEYS) to bring the client to any point, and then lets a test send
 * well-formed, tampered or raw bytes. Interoperability itself is proven against OpenSSH and dropbear
 * in module tests; this exists to reach the error paths deliberately.
 */
final class ScriptedServer {
    static final String VERSION = "SSH-2.0-Scripted_1.0";

    final Entropy entropy = new SeededEntropy(7);
    final byte[] hostSeed = entropy.bytes(32);
    final byte[] hostBlob = new SshWriter().string("ssh-ed25519").string(ed25519PublicKey(hostSeed)).toByteArray();
    final SshClient client;
    final List<String> closed = new ArrayList<>();
    final PacketWriter out = new PacketWriter(entropy);
    final PacketReader in = new PacketReader();
    private boolean versionRead;
    byte[] clientKexInit;
    String clientVersion;
    boolean strict = true;
    String cipher = SshAlgorithms.CHACHA20_POLY1305;
    String mac;
    /** When set, the server offers these (in its order) and uses what the client's KEXINIT picks (RFC 4253 §7.1). */
    String[] offeredCiphers, offeredMacs;
    boolean corruptSignature;
    /** Sends first_kex_packet_follows with a wrong guess (ecdh-sha2-nistp256 first) and a bogus guessed packet. */
    boolean wrongGuess;
    final List<byte[]> received = new ArrayList<>();

    ScriptedServer() {
        this(SshAlgorithms.defaults());
    }

    ScriptedServer(SshAlgorithms algs) {
        this(cfg -> cfg.algorithms(algs));
    }

    /** tweak adjusts the client's config (host key policy, keepalive, ...) before the client is made. */
    ScriptedServer(java.util.function.Consumer<SshClientConfig> tweak) {
        KnownHosts known = new KnownHosts((h, k, d) -> d.accept());
        SshClientConfig cfg = new SshClientConfig("u", "scripted", known).prompter(SshPrompter.fixedPassword("pw"))
                .authMethods(SshClientConfig.PASSWORD).keepalive(0, 0);
        tweak.accept(cfg);
        client = new SshClient(cfg, new SeededEntropy(11), err -> closed.add(String.valueOf(err)));
        client.start(0);
    }

    /** After completeKex(): accepts the service and the first (none) request, so channels may open. */
    void authenticate() {
        packet(SshWriter.message(SshMessages.SSH_MSG_SERVICE_ACCEPT).string("ssh-userauth").toByteArray());
        packet(new byte[] {(byte) SshMessages.SSH_MSG_USERAUTH_SUCCESS});
    }

    byte[] lastReceived() {
        return received.get(received.size() - 1);
    }

    /** Feeds raw bytes to the client; any exception escaping it fails the test. */
    void raw(byte[] b) {
        client.receive(b, 0, b.length, 0);
        drainClient();
    }

    void raw(String s) {
        raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void packet(byte[] payload) {
        raw(out.seal(payload));
    }

    /** Collects and decodes what the client sent (as far as the server's reader can). */
    void drainClient() {
        byte[] chunk;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while ((chunk = client.pollOutput()) != null) all.write(chunk, 0, chunk.length);
        byte[] b = all.toByteArray();
        in.append(b, 0, b.length);
        if (!versionRead) {
            int eol = -1;
            for (int i = 0; i < in.available(); i++) if (in.buffer()[in.start() + i] == '\n') { eol = i; break; }
            if (eol < 0) return;
            clientVersion = new String(in.buffer(), in.start(), eol - 1, StandardCharsets.US_ASCII);
            in.skip(eol + 1);
            versionRead = true;
        }
        try {
            for (byte[] p; (p = in.next()) != null; ) {
                received.add(p);
                if ((p[0] & 0xff) == SshMessages.SSH_MSG_KEXINIT && clientKexInit == null) clientKexInit = p;
                if ((p[0] & 0xff) == SshMessages.SSH_MSG_NEWKEYS && pendingC2S != null) {
                    // The client's NEWKEYS is its last packet under the old keys.
                    in.setCipher(pendingC2S);
                    if (strict) in.resetSequence();
                    pendingC2S = null;
                }
            }
        } catch (SshException e) {
            throw new AssertionError("client sent a malformed packet: " + e.getMessage());
        }
    }

    int lastReceivedType() {
        return received.isEmpty() ? -1 : received.get(received.size() - 1)[0] & 0xff;
    }

    byte[] serverKexInit() {
        SshWriter w = SshWriter.message(SshMessages.SSH_MSG_KEXINIT).raw(new byte[16]);
        String kex = (wrongGuess ? "ecdh-sha2-nistp256," : "") + "curve25519-sha256";
        w.string(strict ? kex + ",kex-strict-s-v00@openssh.com" : kex);
        w.string("ssh-ed25519");
        String c = offeredCiphers != null ? String.join(",", offeredCiphers) : cipher;
        String m = offeredMacs != null ? String.join(",", offeredMacs) : mac == null ? "hmac-sha2-256" : mac;
        w.string(c).string(c);
        w.string(m).string(m);
        w.string("none").string("none").string("").string("");
        return w.bool(wrongGuess).u32(0).toByteArray();
    }

    /** Version + KEXINIT + ECDH reply + NEWKEYS; afterwards out/in use the new keys. */
    void completeKex() throws Exception {
        raw(VERSION + "\r\n");
        completeKexAfterVersion();
    }

    /** completeKex() when the version line was already sent. */
    void completeKexAfterVersion() throws Exception {
        byte[] sKexInit = serverKexInit();
        packet(sKexInit);
        if (offeredCiphers != null || offeredMacs != null) {
            KexInit theirs = KexInit.parse(clientKexInit);
            if (offeredCiphers != null) cipher = SshAlgorithms.choose(theirs.ciphersS2C, offeredCiphers);
            if (offeredMacs != null) mac = SshAlgorithms.choose(theirs.macsS2C, offeredMacs);
        }
        byte[] init = received.get(received.size() - 1);
        if ((init[0] & 0xff) != SshMessages.SSH_MSG_KEX_ECDH_INIT) throw new AssertionError("expected KEX_ECDH_INIT, got " + (init[0] & 0xff));
        SshReader r = new SshReader(init);
        r.u8();
        byte[] qc = r.string();
        byte[] priv = X25519.generatePrivateKey(entropy);
        byte[] qs = memo("x25519-pub", priv, () -> X25519.publicKey(priv));
        byte[] k = new SshWriter().mpintUnsigned(memo("x25519-dh", Bytes.concat(priv, qc), () -> X25519.sharedSecret(priv, qc))).toByteArray();
        byte[] h = Sha2.sha256().update(new SshWriter().string(clientVersion).string(VERSION).string(clientKexInit).string(sKexInit)
                .string(hostBlob).string(qc).string(qs).toByteArray()).update(k).digest();
        byte[] sig = memo("ed25519-sig", Bytes.concat(hostSeed, h), () -> Ed25519.sign(hostSeed, h)).clone();
        if (corruptSignature) sig[5] ^= 1;
        byte[] sigBlob = new SshWriter().string("ssh-ed25519").string(sig).toByteArray();
        if (wrongGuess) packet(SshWriter.message(SshMessages.SSH_MSG_KEX_ECDH_REPLY).string("a guess for another method").toByteArray());
        pendingS2C = CipherSuite.create(cipher, SshAlgorithms.isAead(cipher) ? null : mac, k, h, h, 'B', 'D', 'F');
        pendingC2S = CipherSuite.create(cipher, SshAlgorithms.isAead(cipher) ? null : mac, k, h, h, 'A', 'C', 'E');
        packet(SshWriter.message(SshMessages.SSH_MSG_KEX_ECDH_REPLY).string(hostBlob).string(qs).string(sigBlob).toByteArray());
        if (client.isClosed()) return;
        finishKex();
    }

    private PacketCipher pendingS2C;
    private PacketCipher pendingC2S;

    /** Our NEWKEYS, sent right after the reply as OpenSSH does (the client may not have decided yet). */
    private void finishKex() {
        packet(new byte[] {(byte) SshMessages.SSH_MSG_NEWKEYS});
        out.setCipher(pendingS2C);
        if (strict) out.resetSequence();
    }

    /**
     * The server half's key operations are pure functions of seeded keys, so they are computed once
     * per distinct input across instances (fuzz targets make a server per input); bounded in size.
     */
    private static final Map<String, byte[]> MEMO = new ConcurrentHashMap<>();

    private interface KeyOp {
        byte[] apply() throws CryptoException;
    }

    private static byte[] memo(String op, byte[] input, KeyOp f) throws CryptoException {
        String key = op + ":" + Hex.encode(input);
        byte[] v = MEMO.get(key);
        if (v == null) {
            v = f.apply();
            if (MEMO.size() > 10_000) MEMO.clear();
            MEMO.put(key, v);
        }
        return v;
    }

    private static byte[] ed25519PublicKey(byte[] seed) {
        try {
            return memo("ed25519-pub", seed, () -> Ed25519.publicKey(seed));
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    String error() {
        return client.error();
    }
}
