package dev.tabnet.core.derp;

import dev.tabnet.core.util.Bytes;

/** Encoders for every DERP frame this project sends: 5-byte header (type, big-endian length) + body. */
public final class Frames {
    private Frames() {}

    public static byte[] header(int type, long bodyLength) {
        byte[] h = new byte[DerpConstants.FRAME_HEADER_LEN];
        h[0] = (byte) type;
        Bytes.put32be(h, 1, bodyLength);
        return h;
    }

    public static byte[] frame(int type, byte[] body) {
        return frame(type, body, 0, body.length);
    }

    public static byte[] frame(int type, byte[] body, int off, int len) {
        byte[] f = new byte[DerpConstants.FRAME_HEADER_LEN + len];
        f[0] = (byte) type;
        Bytes.put32be(f, 1, len);
        System.arraycopy(body, off, f, DerpConstants.FRAME_HEADER_LEN, len);
        return f;
    }

    public static byte[] serverKey(byte[] serverPublicKey) {
        return frame(FrameType.SERVER_KEY, Bytes.concat(DerpConstants.MAGIC, serverPublicKey));
    }

    /** SendPacket (client → server) or RecvPacket (server → client): 32-byte key ‖ packet. */
    public static byte[] packet(int type, byte[] key, byte[] packet, int off, int len) {
        byte[] f = new byte[DerpConstants.FRAME_HEADER_LEN + DerpConstants.KEY_LEN + len];
        f[0] = (byte) type;
        Bytes.put32be(f, 1, DerpConstants.KEY_LEN + len);
        System.arraycopy(key, 0, f, DerpConstants.FRAME_HEADER_LEN, DerpConstants.KEY_LEN);
        System.arraycopy(packet, off, f, DerpConstants.FRAME_HEADER_LEN + DerpConstants.KEY_LEN, len);
        return f;
    }

    public static byte[] sendPacket(byte[] dstKey, byte[] packet) {
        return packet(FrameType.SEND_PACKET, dstKey, packet, 0, packet.length);
    }

    public static byte[] recvPacket(byte[] srcKey, byte[] packet) {
        return packet(FrameType.RECV_PACKET, srcKey, packet, 0, packet.length);
    }

    public static byte[] keepAlive() {
        return header(FrameType.KEEP_ALIVE, 0);
    }

    public static byte[] notePreferred(boolean preferred) {
        return frame(FrameType.NOTE_PREFERRED, new byte[] {(byte) (preferred ? 1 : 0)});
    }

    public static byte[] peerGone(byte[] peerKey, int reason) {
        byte[] body = new byte[DerpConstants.KEY_LEN + 1];
        System.arraycopy(peerKey, 0, body, 0, DerpConstants.KEY_LEN);
        body[DerpConstants.KEY_LEN] = (byte) reason;
        return frame(FrameType.PEER_GONE, body);
    }

    public static byte[] ping(byte[] data8) {
        return frame(FrameType.PING, check8(data8));
    }

    public static byte[] pong(byte[] data8) {
        return frame(FrameType.PONG, check8(data8));
    }

    public static byte[] health(String problem) {
        return frame(FrameType.HEALTH, problem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static byte[] restarting(long reconnectInMillis, long tryForMillis) {
        byte[] body = new byte[8];
        Bytes.put32be(body, 0, reconnectInMillis);
        Bytes.put32be(body, 4, tryForMillis);
        return frame(FrameType.RESTARTING, body);
    }

    private static byte[] check8(byte[] data) {
        if (data.length != DerpConstants.PING_LEN) throw new IllegalArgumentException("ping data must be 8 bytes");
        return data;
    }
}
