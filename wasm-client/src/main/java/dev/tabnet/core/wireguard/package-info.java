/**
 * WireGuard data plane, sans-I/O (files by concern, after wireguard-go's device package).
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.wireguard.WireGuardDevice}: the engine. Input: datagrams, IP packets to
 *       send, timer ticks, each with {@code long nowNanos}. Output: {@link dev.tabnet.core.wireguard.OutgoingDatagram}s,
 *       {@link dev.tabnet.core.wireguard.ReceivedPacket}s and the next deadline ({@code pollTimeout}).</li>
 *   <li>Handshake: {@code NoiseState}/{@code NoiseIKpsk2} (generic Noise_IKpsk2 fields, tested against the
 *       cacophony vectors), {@code Handshake} (WireGuard framing, indices, timestamps), {@code Kdf}, {@code Tai64n}.</li>
 *   <li>{@code Messages}: byte layouts; {@code CookieChecker}/{@code CookieGenerator}: MAC1/MAC2 and cookie replies.</li>
 *   <li>{@code Keypair}, {@code ReplayFilter}, {@code IndexTable}, {@code AllowedIps}, {@code Timers}; send path and keypair rotation in {@link dev.tabnet.core.wireguard.WireGuardPeer}.</li>
 * </ul>
 *
 * <p>Endpoints are opaque objects chosen by the adapter and only stored and handed back. On the JVM
 * they are UDP socket addresses. Over DERP (browser), pass the sender's node key (e.g. its 32 bytes)
 * as the endpoint and send each outgoing datagram to {@code OutgoingDatagram.peerPublicKey} — the
 * WireGuard static key is the Tailscale node key — or, for a cookie reply (peerPublicKey null), back
 * to its endpoint. {@link dev.tabnet.core.wireguard.WireGuardConfig#endpointBytes} says what cookies
 * are bound to.
 *
 * <p>Time comes only from arguments (plus a Unix offset for TAI64N timestamps), randomness only from
 * the injected Entropy. Nothing here blocks or throws on bad input; every discard is counted by
 * {@link dev.tabnet.core.wireguard.DropReason}.
 */
package dev.tabnet.core.wireguard;
