package dev.tabnet.server.machine;

/** Who is on the other end of a control connection: its Noise-authenticated machine key and where it came from. */
public final class ClientContext {
    private final byte[] machineKey;
    public final String remoteAddress;
    public final String userAgent;

    public ClientContext(byte[] machineKey, String remoteAddress, String userAgent) {
        if (machineKey.length != 32) throw new IllegalArgumentException("machine key must be 32 bytes");
        this.machineKey = machineKey.clone();
        this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
        this.userAgent = userAgent == null ? "" : userAgent;
    }

    public byte[] machineKey() {
        return machineKey.clone();
    }
}
