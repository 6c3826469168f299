/**
 * The server's built-in tailnet node: the JVM adapter of the core node engine, registered in-process
 * with the control plane, connected to the server's own relay, and forwarding chosen tailnet ports
 * to local TCP addresses (so a tab's {@code ssh} reaches a real sshd on the server's machine or LAN).
 */
package dev.tabnet.server.node;
