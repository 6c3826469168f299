package dev.tabnet.core.wireguard;

/** A decrypted IP packet whose source address was checked against the sending peer's allowed IPs. */
public final class ReceivedPacket {
    public final byte[] packet;
    public final byte[] peerPublicKey;

    ReceivedPacket(byte[] packet, byte[] peerPublicKey) {
        this.packet = packet;
        this.peerPublicKey = peerPublicKey;
    }
}
