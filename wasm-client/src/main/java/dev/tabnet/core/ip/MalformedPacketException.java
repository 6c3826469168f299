package dev.tabnet.core.ip;

/** A packet that cannot be parsed or fails a checksum; the stack counts and drops it. */
public final class MalformedPacketException extends Exception {
    private final DropReason reason;

    public MalformedPacketException(DropReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
