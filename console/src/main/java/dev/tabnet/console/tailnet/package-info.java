/**
 * The tailscale-like CLI (`status`, `ip`, `ping`, `ssh`, `netcheck`, `whois`, `up`, `down`,
 * `logout`) written against the {@link dev.tabnet.console.tailnet.Tailnet} interface, which the
 * node (browser or JVM) implements. Nothing here blocks: long operations report through listeners.
 */
package dev.tabnet.console.tailnet;
