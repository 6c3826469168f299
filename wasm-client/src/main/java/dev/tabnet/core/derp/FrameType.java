package dev.tabnet.core.derp;

/** DERP frame type bytes (derp/derp.go). */
public final class FrameType {
    private FrameType() {}

    public static final int SERVER_KEY = 0x01;
    public static final int CLIENT_INFO = 0x02;
    public static final int SERVER_INFO = 0x03;
    public static final int SEND_PACKET = 0x04;
    public static final int RECV_PACKET = 0x05;
    public static final int KEEP_ALIVE = 0x06;
    public static final int NOTE_PREFERRED = 0x07;
    public static final int PEER_GONE = 0x08;
    public static final int PEER_PRESENT = 0x09;
    public static final int FORWARD_PACKET = 0x0a;
    public static final int WATCH_CONNS = 0x10;
    public static final int CLOSE_PEER = 0x11;
    public static final int PING = 0x12;
    public static final int PONG = 0x13;
    public static final int HEALTH = 0x14;
    public static final int RESTARTING = 0x15;

    public static String name(int type) {
        switch (type) {
            case SERVER_KEY: return "ServerKey";
            case CLIENT_INFO: return "ClientInfo";
            case SERVER_INFO: return "ServerInfo";
            case SEND_PACKET: return "SendPacket";
            case RECV_PACKET: return "RecvPacket";
            case KEEP_ALIVE: return "KeepAlive";
            case NOTE_PREFERRED: return "NotePreferred";
            case PEER_GONE: return "PeerGone";
            case PEER_PRESENT: return "PeerPresent";
            case FORWARD_PACKET: return "ForwardPacket";
            case WATCH_CONNS: return "WatchConns";
            case CLOSE_PEER: return "ClosePeer";
            case PING: return "Ping";
            case PONG: return "Pong";
            case HEALTH: return "Health";
            case RESTARTING: return "Restarting";
            default: return "unknown(0x" + Integer.toHexString(type) + ")";
        }
    }
}
