/**
 * Disco, Tailscale's peer-discovery messages (tailscale disco/disco.go), as far as a node that
 * reaches peers only over DERP needs them: the NaCl-boxed wrapper ({@link dev.tabnet.core.disco.DiscoBox}),
 * the message encodings ({@link dev.tabnet.core.disco.DiscoMessage}) and answering Pings that come
 * over DERP ({@link dev.tabnet.core.disco.DerpDiscoResponder}).
 */
package dev.tabnet.core.disco;
