package dev.tabnet.server.control;

import dev.tabnet.core.control.KeyText;
import dev.tabnet.core.util.Hex;

/** What the HTTP/2 handlers inside Noise know about the connection a request came on. */
public record ControlSession(byte[] machinePublicKey, int protocolVersion, byte[] handshakeHash, String transport) {
    public String machineKeyText() {
        return KeyText.format(KeyText.MACHINE_PUBLIC, machinePublicKey);
    }

    public String handshakeHashHex() {
        return Hex.encode(handshakeHash);
    }
}
