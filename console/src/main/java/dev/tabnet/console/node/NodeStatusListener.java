package dev.tabnet.console.node;

/** What the page shows about the node coming up (status line, QR panel). */
public interface NodeStatusListener {
    /** detail says more in words (the error text, the node's address once ready). */
    void onPhase(NodePhase phase, String detail);

    /** Interactive login: show the URL as a QR code and a link, with the matching code. */
    void onLoginUrl(String authUrl, String matchingCode);

    /** The login finished one way or the other: hide the QR panel. */
    void onLoginDone();
}
