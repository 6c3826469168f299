package dev.tabnet.core.derp;

import dev.tabnet.core.util.Hex;
import java.util.Arrays;

/** A 32-byte Curve25519 public key used as a map key (node keys, the DERP server key). */
public final class NodeKey {
    private final byte[] raw;
    private final int hash;

    private NodeKey(byte[] raw) {
        this.raw = raw;
        this.hash = Arrays.hashCode(raw);
    }

    public static NodeKey of(byte[] raw) {
        if (raw.length != DerpConstants.KEY_LEN) throw new IllegalArgumentException("key must be 32 bytes");
        return new NodeKey(raw.clone());
    }

    public static NodeKey of(byte[] b, int off) {
        return new NodeKey(dev.tabnet.core.util.Bytes.slice(b, off, DerpConstants.KEY_LEN));
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return raw.clone();
    }

    public void copyTo(byte[] out, int off) {
        System.arraycopy(raw, 0, out, off, DerpConstants.KEY_LEN);
    }

    public String hex() {
        return Hex.encode(raw);
    }

    /** The text form tailscale uses: "nodekey:" + 64 hex digits. */
    public String nodeKeyText() {
        return "nodekey:" + hex();
    }

    /** First 8 hex digits in brackets, as Go's ShortString, for logs. */
    public String shortString() {
        return "[" + Hex.encode(raw, 0, 4) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeKey && Arrays.equals(raw, ((NodeKey) o).raw);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return shortString();
    }
}
