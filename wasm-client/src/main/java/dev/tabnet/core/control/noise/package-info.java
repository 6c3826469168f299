/**
 * Tailscale controlbase: Noise_IK_25519_ChaChaPoly_BLAKE2s with the "Tailscale Control Protocol v&lt;N&gt;"
 * prologue, the 5-byte/3-byte message headers, and records of at most 4096 bytes with big-endian
 * nonce counters.
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.control.noise.NoiseIK}: the generic IK pattern (tested against cacophony).</li>
 *   <li>{@code SymmetricState}, {@link dev.tabnet.core.control.noise.CipherState}: Noise state objects.</li>
 *   <li>{@link dev.tabnet.core.control.noise.Messages}: ts2021 layouts and sizes, names as in messages.go/conn.go.</li>
 *   <li>{@link dev.tabnet.core.control.noise.NoiseConn}: the connection state machine (client or server);
 *       failures are {@link dev.tabnet.core.control.noise.NoiseError}s, never exceptions.</li>
 * </ul>
 */
package dev.tabnet.core.control.noise;
