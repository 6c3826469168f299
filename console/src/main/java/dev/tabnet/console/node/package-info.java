/**
 * The tailnet node behind the console: {@link dev.tabnet.console.node.NodeTailnet} runs the control
 * client, the relays and the data plane of the core on one event loop that a
 * {@link dev.tabnet.console.node.NodePlatform} provides (the tab's JS event loop, or a JVM thread),
 * and implements the console's {@link dev.tabnet.console.tailnet.Tailnet}. Platform code stays in
 * the adapters; this package is plain Java that TeaVM compiles.
 */
package dev.tabnet.console.node;
