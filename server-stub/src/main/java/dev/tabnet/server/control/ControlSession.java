package dev.tabnet.server.control;

import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.util.Hex;

/**
 * What the HTTP/2 handlers inside Noise know about the connection a request came on: the
 * Noise-authenticated machine key, and where the outer connection came from (its remote address and
 * the User-Agent of the WebSocket / upgrade request — for a tab, the browser's).
 */
public record ControlSession(byte[] machinePublicKey, int protocolVersion, byte[] handshakeHash, String transport,
                             String remoteAddress, String userAgent, SessionEnds ends) {
    public String machineKeyText() {
        return KeyText.format(KeyText.MACHINE_PUBLIC, machinePublicKey);
    }

    public String handshakeHashHex() {
        return Hex.encode(handshakeHash);
    }
}
