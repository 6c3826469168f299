/**
 * The DERP relay of the server stub, byte-compatible with tailscale derpserver for regular clients.
 *
 * <ul>
 *   <li>{@link dev.tabnet.server.derp.DerpRelay}: login (ServerKey, ClientInfo box opened = key
 *       ownership, {@link dev.tabnet.server.derp.DerpAdmission}, ServerInfo), routing by node key,
 *       PeerGone (Disconnected to those who heard from the departed; NotHere for disco sends to
 *       unknown keys, 1/s burst 3), KeepAlive every 60 s + [0, 5 s) jitter, Ping → Pong.</li>
 *   <li>{@code RelayConnection}: one client; frame size limits (ClientInfo ≤ 256 KiB, packets ≤ 64 KiB,
 *       Ping ≤ 1000 B), 10 s accept deadline, optional per-client byte-rate limit that pauses reading,
 *       and per-destination back-pressure (a sender is not read while its destination's queue is over
 *       the high-water mark, up to a maximum wait; past a hard limit packets are dropped and counted).
 *       Any protocol violation closes that connection only, logging the reason.</li>
 *   <li>Transports on the existing Jetty server ({@link dev.tabnet.server.derp.DerpMount}):
 *       {@code DerpWebSocket} (subprotocol derp, binary only, no permessage-deflate) and
 *       {@code DerpUpgradeConnection} behind {@link dev.tabnet.server.derp.DerpHttpHandler}
 *       ({@code Upgrade: DERP} → 101 with Derp-Version and Derp-Public-Key).</li>
 * </ul>
 * Not implemented: mesh (ForwardPacket, WatchConns, ClosePeer close the connection), fast start,
 * TLS meta-certificates, duplicate-client fight detection (the newest connection of a key wins).
 */
package dev.tabnet.server.derp;
