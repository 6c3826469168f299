/**
 * The ts2021 control protocol client core (Tailscale {@code control/*}), sans-I/O.
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.control.ControlClient}: the node's conversation — register (pre-auth key,
 *       or the phone login's URL + {@link dev.tabnet.core.control.LoginMatchingCode} and a long-polled
 *       follow-up), then the map stream's MapResponses.</li>
 *   <li>{@link dev.tabnet.core.control.ControlConnection}: the client's whole channel — Noise, the early
 *       payload peek and the core HTTP/2 client ({@code dev.tabnet.core.http2}) — fed network bytes,
 *       producing network bytes; adapters only carry them (JVM: {@code dev.tabnet.jvm.ControlWebSocket}).</li>
 *   <li>{@code noise}: controlbase — Noise IK handshake, ts2021 message framing and the record layer
 *       ({@link dev.tabnet.core.control.noise.NoiseConn}, both roles).</li>
 *   <li>{@link dev.tabnet.core.control.EarlyPayload}: the optional server hello before HTTP/2 (ts2021/conn.go).</li>
 *   <li>{@link dev.tabnet.core.control.KeyText}, {@link dev.tabnet.core.control.MachineKey}: key text forms
 *       ({@code mkey:}, {@code nodekey:}, {@code discokey:}, …) and the machine key pair.</li>
 * </ul>
 *
 * HTTP/2 and JSON live in their own packages; the register/map JSON is built by the caller.
 */
package dev.tabnet.core.control;
