package dev.tabnet.core.ssh;

/** The algorithms both sides agreed on for one key exchange (RFC 4253 §7.1). */
public final class Negotiated {
    public final String kex;
    public final String hostKey;
    public final String cipherC2S;
    public final String cipherS2C;
    /** Null for AEAD ciphers, which need no MAC. */
    public final String macC2S;
    public final String macS2C;

    private Negotiated(String kex, String hostKey, String cipherC2S, String cipherS2C, String macC2S, String macS2C) {
        this.kex = kex;
        this.hostKey = hostKey;
        this.cipherC2S = cipherC2S;
        this.cipherS2C = cipherS2C;
        this.macC2S = macC2S;
        this.macS2C = macS2C;
    }

    static Negotiated of(KexInit client, KexInit server) throws SshException {
        String kex = need("key exchange", SshAlgorithms.choose(realKex(client.kex), server.kex), client.kex, server.kex);
        String hostKey = need("host key", SshAlgorithms.choose(client.hostKeys, server.hostKeys), client.hostKeys, server.hostKeys);
        String cc = need("cipher (client to server)", SshAlgorithms.choose(client.ciphersC2S, server.ciphersC2S), client.ciphersC2S, server.ciphersC2S);
        String cs = need("cipher (server to client)", SshAlgorithms.choose(client.ciphersS2C, server.ciphersS2C), client.ciphersS2C, server.ciphersS2C);
        String mc = SshAlgorithms.isAead(cc) ? null : need("MAC (client to server)", SshAlgorithms.choose(client.macsC2S, server.macsC2S), client.macsC2S, server.macsC2S);
        String ms = SshAlgorithms.isAead(cs) ? null : need("MAC (server to client)", SshAlgorithms.choose(client.macsS2C, server.macsS2C), client.macsS2C, server.macsS2C);
        need("compression", SshAlgorithms.choose(client.compressionC2S, server.compressionC2S), client.compressionC2S, server.compressionC2S);
        need("compression", SshAlgorithms.choose(client.compressionS2C, server.compressionS2C), client.compressionS2C, server.compressionS2C);
        return new Negotiated(kex, hostKey, cc, cs, mc, ms);
    }

    /** Our kex list without the pseudo-algorithms, which must never be chosen. */
    private static String[] realKex(String[] kex) {
        int n = 0;
        for (String k : kex) if (!isPseudo(k)) n++;
        String[] out = new String[n];
        int i = 0;
        for (String k : kex) if (!isPseudo(k)) out[i++] = k;
        return out;
    }

    private static boolean isPseudo(String k) {
        return k.equals(SshAlgorithms.EXT_INFO_C) || k.equals(SshAlgorithms.KEX_STRICT_C);
    }

    private static String need(String what, String chosen, String[] ours, String[] theirs) throws SshException {
        if (chosen != null) return chosen;
        throw new SshException(SshMessages.SSH_DISCONNECT_KEY_EXCHANGE_FAILED,
                "no common " + what + " algorithm: we offer " + join(ours) + ", the server offers " + join(theirs));
    }

    static String join(String[] list) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < list.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(list[i]);
        }
        return sb.length() == 0 ? "(nothing)" : sb.toString();
    }

    @Override
    public String toString() {
        return kex + " / " + hostKey + " / " + cipherS2C + (macS2C == null ? "" : " + " + macS2C);
    }
}
