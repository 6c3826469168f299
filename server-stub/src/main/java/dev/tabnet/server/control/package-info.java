/**
 * The ts2021 control transport of the server (Tailscale's control/controlhttp/controlhttpserver and
 * headscale's noise.go, rebuilt on Jetty 12):
 *
 * <ul>
 *   <li>{@link dev.tabnet.server.control.Ts2021Server}: {@code GET /key?v=N}, {@code /ts2021} over
 *       WebSocket ({@code Ts2021WebSocket}) and over the HTTP/1.1 upgrade
 *       ({@code ControlHttpHandler} + {@code Ts2021UpgradeConnection}, installed through Jetty's
 *       upgrade-connection request attribute, no hijacking).</li>
 *   <li>{@code NoiseBridge}: the server-side core {@link dev.tabnet.core.control.noise.NoiseConn} between
 *       the network and {@code NoiseHttp2Server}, Jetty's own h2c server on a {@code MemoryConnector}
 *       (one in-memory connection per Noise session, so Jetty does all of HTTP/2).</li>
 *   <li>{@code MachineHandlers}: the routes inside Noise, calling the
 *       {@link dev.tabnet.server.ControlPlane}'s register and map services with the Noise-authenticated
 *       machine key ({@link dev.tabnet.server.control.ControlSession}).</li>
 * </ul>
 */
package dev.tabnet.server.control;
