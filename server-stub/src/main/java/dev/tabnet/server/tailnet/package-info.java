/**
 * The control server's view of the tailnet: who the nodes are, their addresses and MagicDNS names,
 * which of them may reach which (the ACL), and the life cycle of ephemeral browser nodes, which are
 * forgotten shortly after their last control stream and relay connection close. Thread-safe: Jetty
 * calls in from many threads. Wire formats (JSON) live in {@code dev.tabnet.server.control}.
 */
package dev.tabnet.server.tailnet;
