/**
 * What the control server answers inside the ts2021 channel: {@code POST /machine/register} and
 * the {@code POST /machine/map} stream, with the JSON shapes of Tailscale's tailcfg (field names
 * as Go writes them). Transport-free: the Noise/HTTP/2 glue hands requests in as parsed JSON with
 * a {@link dev.tabnet.server.machine.ClientContext} and writes out what comes back.
 */
package dev.tabnet.server.machine;
