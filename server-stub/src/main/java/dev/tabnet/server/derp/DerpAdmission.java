package dev.tabnet.server.derp;

/**
 * Which node keys may use the relay, asked after the client proved it holds the key (its ClientInfo
 * box opened). The control server plugs in "known nodes only", as headscale's verify_clients does.
 */
@FunctionalInterface
public interface DerpAdmission {
    /** nodeKey: the client's 32-byte node public key. Called on a Jetty thread; must not block long. */
    boolean admits(byte[] nodeKey);

    DerpAdmission ALLOW_ALL = k -> true;
}
