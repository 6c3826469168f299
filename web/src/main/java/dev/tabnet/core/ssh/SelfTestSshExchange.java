package dev.tabnet.core.ssh;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.Ed25519;
import dev.tabnet.core.crypto.Sha2;
import dev.tabnet.core.crypto.X25519;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal in-memory SSH server side (version line, KEXINIT, curve25519 reply signed with an
 * ed25519 host key, NEWKEYS, "none" auth, one exec channel) for selftest.wasm, so the SSH client
 * and every cipher suite run inside the tab's Wasm. It lives in this package because it needs the
 * client's packet layer (package-private); it is only compiled into the self-test module.
 */
public final class SelfTestSshExchange {
    private static final int BULK_PACKETS = 3;
    private static Entropy E;

    private SelfTestSshExchange() {}

    /** Runs one session with the given cipher (and MAC, null for AEAD ciphers); returns what was negotiated. */
    public static String run(Entropy entropy, String cipher, String mac) throws Exception {
        E = entropy;
        return session(cipher, mac);
    }

    private static String session(String cipher, String mac) throws Exception {
        PacketWriter out = new PacketWriter(E);
        PacketReader in = new PacketReader();
        byte[] hostSeed = E.bytes(32);
        byte[] hostBlob = new SshWriter().string("ssh-ed25519").string(Ed25519.publicKey(hostSeed)).toByteArray();
        List<String> asked = new ArrayList<>();
        KnownHosts kh = new KnownHosts((h, k, d) -> { asked.add(k.fingerprint()); d.accept(); });
        SshClientConfig cfg = new SshClientConfig("u", "mem", kh).authMethods().keepalive(0, 0);
        String[] closed = new String[1];
        SshClient c = new SshClient(cfg, E, err -> closed[0] = "closed:" + err);
        StringBuilder got = new StringBuilder();
        int[] exit = {-1};
        c.openSession(new SshChannel.Listener() {
            @Override public void data(byte[] b, int off, int len, boolean stderr) { got.append(new String(b, off, len, StandardCharsets.UTF_8)); }
            @Override public void exitStatus(int st) { exit[0] = st; }
            @Override public void closed(String e) {}
        }).exec("hello");
        c.start(0);
        List<byte[]> rx = new ArrayList<>();
        String sv = "SSH-2.0-Mem";
        Runnable[] pump = new Runnable[1];
        String[] cv = new String[1];
        pump[0] = () -> {
            for (byte[] b; (b = c.pollOutput()) != null; ) in.append(b, 0, b.length);
            if (cv[0] == null) {
                int i = 0;
                while (in.buffer()[in.start() + i] != '\n') i++;
                cv[0] = new String(in.buffer(), in.start(), i - 1, StandardCharsets.US_ASCII);
                in.skip(i + 1);
            }
            try {
                for (byte[] p; (p = in.next()) != null; ) rx.add(p);
            } catch (SshException e) {
                throw new RuntimeException(e.getMessage());
            }
        };
        feed(c, (sv + "\r\n").getBytes(StandardCharsets.US_ASCII), pump[0]);
        SshWriter kw = SshWriter.message(20).raw(new byte[16]).string("curve25519-sha256,kex-strict-s-v00@openssh.com").string("ssh-ed25519")
                .string(cipher).string(cipher).string(mac == null ? "hmac-sha2-256" : mac).string(mac == null ? "hmac-sha2-256" : mac)
                .string("none").string("none").string("").string("").bool(false).u32(0);
        byte[] sKex = kw.toByteArray();
        feed(c, out.seal(sKex), pump[0]);
        byte[] cKex = rx.get(0);
        SshReader r = new SshReader(rx.get(1));
        r.u8();
        byte[] qc = r.string();
        byte[] priv = X25519.generatePrivateKey(E);
        byte[] qs = X25519.publicKey(priv);
        byte[] k = new SshWriter().mpintUnsigned(X25519.sharedSecret(priv, qc)).toByteArray();
        byte[] h = Sha2.sha256().update(new SshWriter().string(cv[0]).string(sv).string(cKex).string(sKex).string(hostBlob).string(qc).string(qs).toByteArray()).update(k).digest();
        byte[] sigBlob = new SshWriter().string("ssh-ed25519").string(Ed25519.sign(hostSeed, h)).toByteArray();
        feed(c, out.seal(SshWriter.message(31).string(hostBlob).string(qs).string(sigBlob).toByteArray()), pump[0]);
        in.setCipher(CipherSuite.create(cipher, mac, k, h, h, 'A', 'C', 'E'));
        in.resetSequence();
        feed(c, out.seal(new byte[] {21}), pump[0]);
        out.setCipher(CipherSuite.create(cipher, mac, k, h, h, 'B', 'D', 'F'));
        out.resetSequence();
        feed(c, out.seal(SshWriter.message(6).string("ssh-userauth").toByteArray()), pump[0]);
        feed(c, out.seal(new byte[] {52}), pump[0]); // USERAUTH_SUCCESS for "none"
        byte[] open = rx.get(rx.size() - 1);
        if (open[0] != 90) throw new RuntimeException("expected CHANNEL_OPEN, got " + open[0] + " " + closed[0]);
        feed(c, out.seal(SshWriter.message(91).u32(0).u32(7).u32(1 << 20).u32(32768).toByteArray()), pump[0]);
        feed(c, out.seal(SshWriter.message(99).u32(0).toByteArray()), pump[0]);
        feed(c, out.seal(SshWriter.message(94).u32(0).string("world").toByteArray()), pump[0]);
        // Three near-maximum data packets in 16 KB pieces, as TCP hands them over: by the fourth piece
        // the reader holds most of a packet and must grow its 32 KB buffer mid-packet (this trapped
        // in Wasm only; see PacketReader.append).
        byte[] bulk = new byte[30_000];
        for (int i = 0; i < bulk.length; i++) bulk[i] = (byte) ('a' + i % 26);
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < BULK_PACKETS; i++) {
            byte[] sealed = out.seal(SshWriter.message(94).u32(0).string(bulk).toByteArray());
            stream.write(sealed, 0, sealed.length);
        }
        byte[] all = stream.toByteArray();
        for (int o = 0; o < all.length; o += 16 * 1024) {
            c.receive(all, o, Math.min(16 * 1024, all.length - o), 0);
            pump[0].run();
        }
        feed(c, out.seal(SshWriter.message(98).u32(0).string("exit-status").bool(false).u32(42).toByteArray()), pump[0]);
        feed(c, out.seal(SshWriter.message(97).u32(0).toByteArray()), pump[0]);
        if (closed[0] != null) throw new RuntimeException(closed[0]);
        StringBuilder expected = new StringBuilder("world");
        for (int i = 0; i < BULK_PACKETS; i++) expected.append(new String(bulk, StandardCharsets.US_ASCII));
        if (!got.toString().equals(expected.toString()) || exit[0] != 42) {
            throw new RuntimeException("got " + got.length() + " characters (expected " + expected.length() + "), exit " + exit[0]);
        }
        return c.negotiated() + " strict=" + c.strictKex() + " asked=" + asked;
    }

    private static void feed(SshClient c, byte[] b, Runnable pump) {
        c.receive(b, 0, b.length, 0);
        pump.run();
    }
}
