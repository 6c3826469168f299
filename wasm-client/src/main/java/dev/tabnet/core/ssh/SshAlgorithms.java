package dev.tabnet.core.ssh;

/** The algorithm names we implement, in our order of preference, and the per-connection offer. */
public final class SshAlgorithms {
    public static final String CURVE25519_SHA256 = "curve25519-sha256";
    public static final String CURVE25519_SHA256_LIBSSH = "curve25519-sha256@libssh.org";
    public static final String EXT_INFO_C = "ext-info-c";
    public static final String KEX_STRICT_C = "kex-strict-c-v00@openssh.com";
    public static final String KEX_STRICT_S = "kex-strict-s-v00@openssh.com";

    public static final String SSH_ED25519 = "ssh-ed25519";
    public static final String ECDSA_SHA2_NISTP256 = "ecdsa-sha2-nistp256";
    public static final String RSA_SHA2_512 = "rsa-sha2-512";
    public static final String RSA_SHA2_256 = "rsa-sha2-256";

    public static final String CHACHA20_POLY1305 = "chacha20-poly1305@openssh.com";
    public static final String AES128_GCM = "aes128-gcm@openssh.com";
    public static final String AES256_GCM = "aes256-gcm@openssh.com";
    public static final String AES128_CTR = "aes128-ctr";
    public static final String AES256_CTR = "aes256-ctr";

    public static final String HMAC_SHA2_256_ETM = "hmac-sha2-256-etm@openssh.com";
    public static final String HMAC_SHA2_256 = "hmac-sha2-256";

    public static final String NONE = "none";

    public static final String[] ALL_KEX = {CURVE25519_SHA256, CURVE25519_SHA256_LIBSSH};
    public static final String[] ALL_HOST_KEYS = {SSH_ED25519, ECDSA_SHA2_NISTP256, RSA_SHA2_512, RSA_SHA2_256};
    public static final String[] ALL_CIPHERS = {CHACHA20_POLY1305, AES128_GCM, AES256_GCM, AES128_CTR, AES256_CTR};
    public static final String[] ALL_MACS = {HMAC_SHA2_256_ETM, HMAC_SHA2_256};

    final String[] kex;
    final String[] hostKeys;
    final String[] ciphers;
    final String[] macs;

    private SshAlgorithms(String[] kex, String[] hostKeys, String[] ciphers, String[] macs) {
        this.kex = kex;
        this.hostKeys = hostKeys;
        this.ciphers = ciphers;
        this.macs = macs;
    }

    /** Everything we implement. */
    public static SshAlgorithms defaults() {
        return new SshAlgorithms(ALL_KEX, ALL_HOST_KEYS, ALL_CIPHERS, ALL_MACS);
    }

    /** A narrower offer (tests pin one combination); each name must be one we implement. */
    public static SshAlgorithms only(String kex, String hostKey, String cipher, String mac) {
        check(kex, ALL_KEX);
        check(hostKey, ALL_HOST_KEYS);
        check(cipher, ALL_CIPHERS);
        if (mac != null) check(mac, ALL_MACS);
        return new SshAlgorithms(new String[] {kex}, new String[] {hostKey}, new String[] {cipher}, mac == null ? ALL_MACS : new String[] {mac});
    }

    /**
     * This offer with the host-key algorithms for the given key types first (as OpenSSH orders by
     * known_hosts), so a server with several keys signs with one we already know.
     */
    public SshAlgorithms preferringHostKeyTypes(java.util.List<String> keyTypes) {
        String[] out = new String[hostKeys.length];
        int n = 0;
        for (String t : keyTypes) {
            for (String a : hostKeys) {
                if (keyTypeOf(a).equals(t) && !contains(out, n, a)) out[n++] = a;
            }
        }
        for (String a : hostKeys) if (!contains(out, n, a)) out[n++] = a;
        return new SshAlgorithms(kex, out, ciphers, macs);
    }

    /** The key type that signs with a host-key algorithm (rsa-sha2-* keys are "ssh-rsa" keys, RFC 8332). */
    static String keyTypeOf(String algorithm) {
        return algorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : algorithm;
    }

    private static boolean contains(String[] list, int n, String name) {
        for (int i = 0; i < n; i++) if (list[i].equals(name)) return true;
        return false;
    }

    private static void check(String name, String[] known) {
        for (String k : known) if (k.equals(name)) return;
        throw new IllegalArgumentException("unsupported algorithm " + name);
    }

    static boolean isAead(String cipher) {
        return cipher.equals(CHACHA20_POLY1305) || cipher.equals(AES128_GCM) || cipher.equals(AES256_GCM);
    }

    /** RFC 4253 §7.1: the first name on the client's list that the server also has; null if none. */
    static String choose(String[] client, String[] server) {
        for (String c : client) for (String s : server) if (c.equals(s)) return c;
        return null;
    }

    static boolean contains(String[] list, String name) {
        for (String s : list) if (s.equals(name)) return true;
        return false;
    }
}
