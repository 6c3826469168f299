/**
 * DERP, Tailscale's relay protocol, sans-I/O and byte-compatible with tailscale/derp.
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.derp.FrameReader}: reassembles frames from a byte stream (a WebSocket
 *       message may hold several frames or part of one) and enforces per-type size limits.</li>
 *   <li>{@link dev.tabnet.core.derp.Frames}: encoders; {@link dev.tabnet.core.derp.FrameType},
 *       {@link dev.tabnet.core.derp.DerpConstants}: the numbers from derp.go.</li>
 *   <li>{@link dev.tabnet.core.derp.ClientInfo}/{@link dev.tabnet.core.derp.ServerInfo}: the NaCl-boxed
 *       JSON login frames (key ownership proof).</li>
 *   <li>{@link dev.tabnet.core.derp.DerpClient}: the client state machine with reconnect
 *       ({@link dev.tabnet.core.derp.Backoff}) and queued delivery across reconnects.</li>
 * </ul>
 * JSON goes through {@code dev.tabnet.core.json} (Go-style case-insensitive names).
 * The relay (server) lives in server-stub {@code dev.tabnet.server.derp} and reuses the codec.
 */
package dev.tabnet.core.derp;
