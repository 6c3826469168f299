package dev.tabnet.core.derp;

/** One decoded frame: its type byte and its body (the header's length bytes). */
public final class Frame {
    public final int type;
    /** The body; for a type the reader splits ({@link FrameReader#splitKeyOf}), the part after the key. */
    public final byte[] body;
    /** The node key a split frame's body started with; null for other frames and for bodies shorter than a key. */
    public final NodeKey key;

    public Frame(int type, byte[] body) {
        this(type, body, null);
    }

    public Frame(int type, byte[] body, NodeKey key) {
        this.type = type;
        this.body = body;
        this.key = key;
    }

    /** The body's length on the wire, the key included. */
    public int wireBodyLength() {
        return body.length + (key == null ? 0 : DerpConstants.KEY_LEN);
    }

    @Override
    public String toString() {
        return FrameType.name(type) + "[" + wireBodyLength() + "]";
    }
}
