package dev.tabnet.core.disco;

import dev.tabnet.core.util.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Disco inner payloads: type (1) ‖ version (1) ‖ body, byte-for-byte as disco.go marshals them.
 * Receivers ignore trailing bytes. Relay-allocation types we do not implement parse as
 * {@link Unsupported}.
 */
public abstract class DiscoMessage {
    public abstract int type();

    public abstract byte[] marshal();

    /** disco.Parse: null-free; throws on a message too short for its type or of an unknown type. */
    public static DiscoMessage parse(byte[] p) throws DiscoException {
        if (p.length < DiscoConstants.MESSAGE_HEADER_LEN) throw new DiscoException("short message");
        int t = p[0] & 0xff, ver = p[1] & 0xff;
        int off = DiscoConstants.MESSAGE_HEADER_LEN, len = p.length - off;
        switch (t) {
            case DiscoConstants.TYPE_PING: return Ping.parse(p, off, len);
            case DiscoConstants.TYPE_PONG: return Pong.parse(p, off, len);
            case DiscoConstants.TYPE_CALL_ME_MAYBE: return CallMeMaybe.parse(ver, p, off, len);
            case DiscoConstants.TYPE_BIND_UDP_RELAY_ENDPOINT:
            case DiscoConstants.TYPE_BIND_UDP_RELAY_ENDPOINT_CHALLENGE:
            case DiscoConstants.TYPE_BIND_UDP_RELAY_ENDPOINT_ANSWER:
                return BindUdpRelayEndpoint.parse(t, ver, p, off, len);
            case DiscoConstants.TYPE_CALL_ME_MAYBE_VIA:
            case DiscoConstants.TYPE_ALLOCATE_UDP_RELAY_ENDPOINT_REQUEST:
            case DiscoConstants.TYPE_ALLOCATE_UDP_RELAY_ENDPOINT_RESPONSE:
                return new Unsupported(t, Bytes.slice(p, off, len));
            default:
                throw new DiscoException("unknown message type 0x" + Integer.toHexString(t));
        }
    }

    static byte[] header(int type, int dataLen) {
        byte[] b = new byte[DiscoConstants.MESSAGE_HEADER_LEN + dataLen];
        b[0] = (byte) type;
        b[1] = (byte) DiscoConstants.V0;
        return b;
    }

    /** Ping: TxID ‖ [sender node key] ‖ zero padding (PMTU probing). */
    public static final class Ping extends DiscoMessage {
        public final byte[] txId;
        /** 32 bytes, or null when the sender did not include it (zero key). */
        public final byte[] nodeKey;
        public final int padding;

        public Ping(byte[] txId, byte[] nodeKey, int padding) {
            if (txId.length != DiscoConstants.TX_ID_LEN) throw new IllegalArgumentException("TxID must be 12 bytes");
            this.txId = txId;
            this.nodeKey = nodeKey == null || Bytes.isZero(nodeKey) ? null : nodeKey;
            this.padding = padding;
        }

        @Override
        public int type() { return DiscoConstants.TYPE_PING; }

        @Override
        public byte[] marshal() {
            int keyLen = nodeKey == null ? 0 : DiscoConstants.KEY_LEN;
            byte[] b = header(type(), DiscoConstants.TX_ID_LEN + keyLen + padding);
            System.arraycopy(txId, 0, b, 2, DiscoConstants.TX_ID_LEN);
            if (nodeKey != null) System.arraycopy(nodeKey, 0, b, 2 + DiscoConstants.TX_ID_LEN, keyLen);
            return b;
        }

        static Ping parse(byte[] p, int off, int len) throws DiscoException {
            if (len < DiscoConstants.TX_ID_LEN) throw new DiscoException("short ping");
            byte[] tx = Bytes.slice(p, off, DiscoConstants.TX_ID_LEN);
            int rest = len - DiscoConstants.TX_ID_LEN;
            byte[] key = null;
            if (rest >= DiscoConstants.KEY_LEN) {
                key = Bytes.slice(p, off + DiscoConstants.TX_ID_LEN, DiscoConstants.KEY_LEN);
                rest -= DiscoConstants.KEY_LEN;
            }
            return new Ping(tx, key, rest);
        }
    }

    /** Pong: TxID ‖ the ping's source address (16-byte IP, v4-mapped for IPv4) ‖ port (BE). */
    public static final class Pong extends DiscoMessage {
        public static final int LEN = DiscoConstants.TX_ID_LEN + 16 + 2;
        public final byte[] txId;
        public final byte[] ip16;
        public final int port;

        public Pong(byte[] txId, byte[] ip16, int port) {
            if (txId.length != DiscoConstants.TX_ID_LEN || ip16.length != 16) throw new IllegalArgumentException("bad pong fields");
            this.txId = txId;
            this.ip16 = ip16;
            this.port = port;
        }

        @Override
        public int type() { return DiscoConstants.TYPE_PONG; }

        @Override
        public byte[] marshal() {
            byte[] b = header(type(), LEN);
            System.arraycopy(txId, 0, b, 2, 12);
            System.arraycopy(ip16, 0, b, 14, 16);
            Bytes.put16be(b, 30, port);
            return b;
        }

        static Pong parse(byte[] p, int off, int len) throws DiscoException {
            if (len < LEN) throw new DiscoException("short pong");
            return new Pong(Bytes.slice(p, off, 12), Bytes.slice(p, off + 12, 16), Bytes.u16be(p, off + 28));
        }
    }

    /** One 16-byte IP ‖ 2-byte port endpoint. */
    public static final class Endpoint {
        public final byte[] ip16;
        public final int port;

        public Endpoint(byte[] ip16, int port) {
            this.ip16 = ip16;
            this.port = port;
        }
    }

    /** CallMeMaybe: the sender's UDP endpoints. Only useful with UDP, which a browser lacks. */
    public static final class CallMeMaybe extends DiscoMessage {
        public final List<Endpoint> myNumber;

        public CallMeMaybe(List<Endpoint> myNumber) {
            this.myNumber = Collections.unmodifiableList(new ArrayList<>(myNumber));
        }

        @Override
        public int type() { return DiscoConstants.TYPE_CALL_ME_MAYBE; }

        @Override
        public byte[] marshal() {
            byte[] b = header(type(), DiscoConstants.EP_LENGTH * myNumber.size());
            int o = 2;
            for (Endpoint e : myNumber) {
                System.arraycopy(e.ip16, 0, b, o, 16);
                Bytes.put16be(b, o + 16, e.port);
                o += DiscoConstants.EP_LENGTH;
            }
            return b;
        }

        /** As disco.go: a body that is not a whole number of endpoints (or a newer version) yields none. */
        static CallMeMaybe parse(int ver, byte[] p, int off, int len) {
            List<Endpoint> eps = new ArrayList<>();
            if (len % DiscoConstants.EP_LENGTH == 0 && ver == 0) {
                for (int o = off; o < off + len; o += DiscoConstants.EP_LENGTH) {
                    eps.add(new Endpoint(Bytes.slice(p, o, 16), Bytes.u16be(p, o + 16)));
                }
            }
            return new CallMeMaybe(eps);
        }
    }

    /** BindUDPRelayEndpoint / …Challenge / …Answer: VNI ‖ generation ‖ remote disco key ‖ challenge. */
    public static final class BindUdpRelayEndpoint extends DiscoMessage {
        public static final int LEN = 4 + 4 + DiscoConstants.KEY_LEN + DiscoConstants.BIND_UDP_RELAY_CHALLENGE_LEN;
        private final int type;
        public final long vni;
        public final long generation;
        public final byte[] remoteKey;
        public final byte[] challenge;

        public BindUdpRelayEndpoint(int type, long vni, long generation, byte[] remoteKey, byte[] challenge) {
            this.type = type;
            this.vni = vni;
            this.generation = generation;
            this.remoteKey = remoteKey;
            this.challenge = challenge;
        }

        @Override
        public int type() { return type; }

        @Override
        public byte[] marshal() {
            byte[] b = header(type, LEN);
            Bytes.put32be(b, 2, vni);
            Bytes.put32be(b, 6, generation);
            System.arraycopy(remoteKey, 0, b, 10, 32);
            System.arraycopy(challenge, 0, b, 42, 32);
            return b;
        }

        static BindUdpRelayEndpoint parse(int type, int ver, byte[] p, int off, int len) throws DiscoException {
            if (len < LEN) throw new DiscoException("short bind-udp-relay-endpoint message");
            return new BindUdpRelayEndpoint(type, Bytes.u32be(p, off), Bytes.u32be(p, off + 4),
                    Bytes.slice(p, off + 8, 32), Bytes.slice(p, off + 40, 32));
        }
    }

    /** A known type this client does not act on (peer-relay allocation), kept raw. */
    public static final class Unsupported extends DiscoMessage {
        private final int type;
        public final byte[] body;

        Unsupported(int type, byte[] body) {
            this.type = type;
            this.body = body;
        }

        @Override
        public int type() { return type; }

        @Override
        public byte[] marshal() {
            byte[] b = header(type, body.length);
            System.arraycopy(body, 0, b, 2, body.length);
            return b;
        }
    }
}
