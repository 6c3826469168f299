/**
 * One tailnet node's data plane, assembled from the protocol packages: WireGuard addressed by node
 * keys, carried over DERP relays, the userspace TCP/IP stack on top, and disco answers, all
 * configured from the control server's {@link dev.tabnet.core.control.Netmap}. Sans-I/O like its
 * parts: adapters (the tab, the JVM node) own the relay connections and the clock.
 */
package dev.tabnet.core.node;
