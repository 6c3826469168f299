package dev.tabnet.core.ssh;

/** An SSH_MSG_KEXINIT (RFC 4253 §7.1), built or parsed; payload is kept verbatim for the exchange hash. */
final class KexInit {
    final byte[] payload;
    final String[] kex;
    final String[] hostKeys;
    final String[] ciphersC2S;
    final String[] ciphersS2C;
    final String[] macsC2S;
    final String[] macsS2C;
    final String[] compressionC2S;
    final String[] compressionS2C;
    final boolean firstKexPacketFollows;

    private KexInit(byte[] payload, String[][] lists, boolean follows) {
        this.payload = payload;
        kex = lists[0];
        hostKeys = lists[1];
        ciphersC2S = lists[2];
        ciphersS2C = lists[3];
        macsC2S = lists[4];
        macsS2C = lists[5];
        compressionC2S = lists[6];
        compressionS2C = lists[7];
        firstKexPacketFollows = follows;
    }

    /**
     * @param strict whether the server offered strict kex. Without it (Terrapin, CVE-2023-48795) the
     *     prefix-truncation attack works against chacha20-poly1305 and EtM MACs, so those move behind
     *     AES-GCM, AES-CTR and the encrypt-and-MAC hmac-sha2-256; the server still gets them if it has
     *     nothing else.
     */
    static KexInit client(SshAlgorithms algs, byte[] cookie, boolean initial, boolean strict) {
        // ext-info-c and kex-strict-c only belong in the first KEXINIT (RFC 8308 §2.1, OpenSSH PROTOCOL §1.9).
        String[] kex = initial ? append(algs.kex, SshAlgorithms.EXT_INFO_C, SshAlgorithms.KEX_STRICT_C) : algs.kex;
        String[] none = {SshAlgorithms.NONE};
        String[] ciphers = strict ? algs.ciphers : last(algs.ciphers, SshAlgorithms.CHACHA20_POLY1305);
        String[] macs = strict ? algs.macs : last(algs.macs, SshAlgorithms.HMAC_SHA2_256_ETM);
        String[][] lists = {kex, algs.hostKeys, ciphers, ciphers, macs, macs, none, none, {}, {}};
        SshWriter w = SshWriter.message(SshMessages.SSH_MSG_KEXINIT).raw(cookie);
        for (String[] l : lists) w.nameList(l);
        w.bool(false).u32(0);
        return new KexInit(w.toByteArray(), lists, false);
    }

    static KexInit parse(byte[] payload) throws SshException {
        SshReader r = new SshReader(payload);
        r.u8();
        r.raw(16);
        String[][] lists = new String[10][];
        for (int i = 0; i < 10; i++) lists[i] = r.nameList();
        boolean follows = r.bool();
        r.u32();
        return new KexInit(payload, lists, follows);
    }

    /** The list with name (if present) moved to the end, the rest in their order. */
    static String[] last(String[] list, String name) {
        String[] out = new String[list.length];
        int i = 0;
        for (String s : list) if (!s.equals(name)) out[i++] = s;
        if (i < list.length) out[i] = name;
        return out;
    }

    private static String[] append(String[] list, String... extra) {
        String[] out = new String[list.length + extra.length];
        System.arraycopy(list, 0, out, 0, list.length);
        System.arraycopy(extra, 0, out, list.length, extra.length);
        return out;
    }
}
