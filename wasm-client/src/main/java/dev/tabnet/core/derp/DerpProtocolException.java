package dev.tabnet.core.derp;

/** The peer broke the DERP protocol (bad magic, oversized frame, box that does not open, ...). */
public final class DerpProtocolException extends Exception {
    public DerpProtocolException(String message) {
        super(message);
    }
}
