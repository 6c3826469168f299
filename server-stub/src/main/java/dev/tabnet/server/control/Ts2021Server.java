package dev.tabnet.server.control;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.EarlyPayload;
import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.control.MachineKey;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.server.ControlPlane;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The control server's transport (Tailscale's ts2021, as headscale and testcontrol serve it):
 * {@code GET /key} with the control Noise key, {@code /ts2021} over WebSocket and over the HTTP/1.1
 * upgrade, and HTTP/2 inside Noise served by {@link NoiseHttp2Server} with {@link MachineHandlers},
 * which hand register/map requests to the {@link ControlPlane}'s services.
 *
 * <p>Wiring into a Jetty server takes two calls: {@link #addWebSocketMappings} inside the
 * WebSocketUpgradeHandler's configurator and {@link #wrap} around the next handler. Add it as a
 * bean of the Server so that the inner HTTP/2 server starts and stops with it.
 */
public final class Ts2021Server extends ContainerLifeCycle {
    public static final String UPGRADE_HEADER_VALUE = "tailscale-control-protocol";
    public static final String HANDSHAKE_HEADER_NAME = "X-Tailscale-Handshake";
    public static final String TS2021_PATH = "/ts2021";
    public static final String KEY_PATH = "/key";

    private final MachineKey controlKey;
    private final Entropy entropy;
    private final NoiseHttp2Server http2;
    private final boolean sendEarlyPayload;
    private final ControlPlane services;

    /** With a fresh control key (the stub keeps no state across restarts). */
    public Ts2021Server(ControlPlane services) {
        this(services, MachineKey.generate(new SecureEntropy()), new SecureEntropy(), true);
    }

    public Ts2021Server(ControlPlane services, MachineKey controlKey, Entropy entropy, boolean sendEarlyPayload) {
        this.services = services;
        this.controlKey = controlKey;
        this.entropy = entropy;
        this.sendEarlyPayload = sendEarlyPayload;
        this.http2 = new NoiseHttp2Server(new MachineHandlers(this));
        addBean(http2);
    }

    ControlPlane services() {
        return services;
    }

    /** Registers /ts2021 for WebSocket upgrades. */
    public void addWebSocketMappings(ServerWebSocketContainer container) {
        container.addMapping(TS2021_PATH, (req, resp, cb) -> Ts2021WebSocket.create(this, req, resp));
    }

    /** Serves /key and the HTTP-upgrade form of /ts2021; everything else goes to {@code next}. */
    public Handler wrap(Handler next) {
        return new ControlHttpHandler(this, next);
    }

    public MachineKey controlKey() {
        return controlKey;
    }

    /** "mkey:<hex>" of the control Noise key. */
    public String publicKeyText() {
        return controlKey.publicText();
    }

    /** Number of live Noise sessions with an HTTP/2 connection (for tests and status). */
    public int openSessions() {
        return http2.openSessions();
    }

    /** Live Noise sessions of one client machine key. */
    public int openSessionsOf(byte[] machinePublicKey) {
        return http2.openSessionsOf(machinePublicKey);
    }

    /** Drops a machine's control connections, as a network blip would (operators, tests); returns how many. */
    public int closeSessionsOf(byte[] machinePublicKey) {
        return http2.closeSessionsOf(machinePublicKey);
    }

    Entropy entropy() {
        return entropy;
    }

    NoiseHttp2Server http2() {
        return http2;
    }

    /** The /key body (tailcfg.OverTLSPublicKeyResponse); the legacy NaCl key is retired, so zeros. */
    String keyResponseJson() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legacyPublicKey", KeyText.format(KeyText.MACHINE_PUBLIC, new byte[32]));
        m.put("publicKey", controlKey.publicText());
        return JSON.std.asString(m) + "\n";
    }

    /**
     * EarlyNoise for the HTTP upgrade path (capver ≥ 49, as headscale sends): a fresh challenge key
     * per connection; clients parse it and so far do nothing else with it.
     */
    byte[] earlyPayload(int protocolVersion) {
        if (!sendEarlyPayload || protocolVersion < 49) return null;
        MachineKey challenge = MachineKey.generate(entropy);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodeKeyChallenge", KeyText.format(KeyText.CHALLENGE_PUBLIC, challenge.publicKey()));
        try {
            return EarlyPayload.encode(JSON.std.asBytes(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ControlSession sessionOf(org.eclipse.jetty.server.Request request) {
        return http2.sessionOf(request);
    }
}
