package dev.tabnet.core.derp;

/** One decoded frame: its type byte and its body (the header's length bytes). */
public final class Frame {
    public final int type;
    public final byte[] body;

    public Frame(int type, byte[] body) {
        this.type = type;
        this.body = body;
    }

    @Override
    public String toString() {
        return FrameType.name(type) + "[" + body.length + "]";
    }
}
