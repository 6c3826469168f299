package dev.tabnet.console.node;

/** The steps a page shows while the node comes up, in order; ERROR can follow any of them. */
public enum NodePhase {
    LOADING("loading"),
    KEY_GENERATED("key generated"),
    REGISTERING("registering"),
    NEEDS_LOGIN("scan the QR code to approve"),
    APPROVED("approved"),
    RELAY_CONNECTED("relay connected"),
    READY("ready"),
    /** Up, but the control connection was lost and is being retried; the tailnet keeps working. */
    RECONNECTING("reconnecting to the control server"),
    STOPPED("stopped"),
    ERROR("error");

    public final String words;

    NodePhase(String words) {
        this.words = words;
    }
}
