package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The ClientInfo frame: client public key ‖ 24-byte nonce ‖ NaCl box (client key → server key) of
 * JSON such as {"version":2,"CanAckPings":true}. Opening the box proves the client holds the
 * private half of the key it claims.
 */
public final class ClientInfo {
    /** 32-byte mesh key or null (we never mesh; parsed only to validate it as Go does). */
    public final byte[] meshKey;
    public final int version;
    public final boolean canAckPings;
    public final boolean isProber;
    public final String appName;

    public ClientInfo(byte[] meshKey, int version, boolean canAckPings, boolean isProber, String appName) {
        this.meshKey = meshKey;
        this.version = version;
        this.canAckPings = canAckPings;
        this.isProber = isProber;
        this.appName = appName == null ? "" : appName;
    }

    /** What a current Tailscale client (magicsock) sends. */
    public static ClientInfo standard(String appName) {
        return new ClientInfo(null, DerpConstants.PROTOCOL_VERSION, true, false, appName);
    }

    /** Go's json.Marshal field order and omitempty rules. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        if (meshKey != null && !Bytes.isZero(meshKey)) b.append("\"meshKey\":\"").append(Hex.encode(meshKey)).append("\",");
        if (version != 0) b.append("\"version\":").append(version).append(',');
        b.append("\"CanAckPings\":").append(canAckPings);
        if (isProber) b.append(",\"IsProber\":true");
        if (!appName.isEmpty()) {
            b.append(",\"AppName\":");
            FlatJson.quote(b, appName);
        }
        return b.append('}').toString();
    }

    public static ClientInfo parseJson(String json) throws DerpProtocolException {
        Map<String, Object> m = FlatJson.parseObject(json);
        byte[] mesh = null;
        Object mk = m.get("meshkey");
        if (mk != null && mk != FlatJson.NULL) {
            if (!(mk instanceof String) || ((String) mk).length() != 64) throw new DerpProtocolException("invalid mesh key");
            try {
                mesh = Hex.decode((String) mk);
            } catch (IllegalArgumentException e) {
                throw new DerpProtocolException("invalid mesh key");
            }
        }
        return new ClientInfo(mesh, (int) longField(m, "version"), boolField(m, "canackpings"),
                boolField(m, "isprober"), stringField(m, "appname"));
    }

    /** The frame body: our public key ‖ nonce ‖ box(JSON). */
    public byte[] seal(byte[] clientPrivateKey, byte[] clientPublicKey, byte[] serverPublicKey, Entropy entropy) throws CryptoException {
        byte[] nonce = entropy.bytes(NaclBox.NONCE_SIZE);
        byte[] box = NaclBox.seal(NaclBox.precompute(clientPrivateKey, serverPublicKey), nonce, toJson().getBytes(StandardCharsets.UTF_8));
        return Bytes.concat(clientPublicKey, nonce, box);
    }

    /** A ClientInfo whose box opened under the claimed key. */
    public static final class Opened {
        public final NodeKey clientKey;
        public final ClientInfo info;

        Opened(NodeKey clientKey, ClientInfo info) {
            this.clientKey = clientKey;
            this.info = info;
        }
    }

    /** Server side: checks the size limits, opens the box with the claimed key, parses the JSON. */
    public static Opened open(byte[] serverPrivateKey, byte[] body) throws DerpProtocolException {
        if (body.length < DerpConstants.CLIENT_INFO_MIN_LEN) throw new DerpProtocolException("short client info");
        if (body.length > DerpConstants.CLIENT_INFO_MAX_LEN) throw new DerpProtocolException("long client info");
        byte[] clientKey = Bytes.slice(body, 0, DerpConstants.KEY_LEN);
        byte[] nonce = Bytes.slice(body, DerpConstants.KEY_LEN, DerpConstants.NONCE_LEN);
        int boxOff = DerpConstants.KEY_LEN + DerpConstants.NONCE_LEN;
        byte[] json;
        try {
            json = NaclBox.open(NaclBox.precompute(serverPrivateKey, clientKey), nonce, body, boxOff, body.length - boxOff);
        } catch (CryptoException e) {
            throw new DerpProtocolException("client info box does not open with the claimed key " + NodeKey.of(clientKey) + ": " + e.getMessage());
        }
        return new Opened(NodeKey.of(clientKey), parseJson(new String(json, StandardCharsets.UTF_8)));
    }

    static long longField(Map<String, Object> m, String key) throws DerpProtocolException {
        Object v = m.get(key);
        if (v == null || v == FlatJson.NULL) return 0;
        if (!(v instanceof Long)) throw new DerpProtocolException("JSON field " + key + " is not an integer");
        long l = (Long) v;
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new DerpProtocolException("JSON field " + key + " out of range");
        return l;
    }

    static boolean boolField(Map<String, Object> m, String key) throws DerpProtocolException {
        Object v = m.get(key);
        if (v == null || v == FlatJson.NULL) return false;
        if (!(v instanceof Boolean)) throw new DerpProtocolException("JSON field " + key + " is not a boolean");
        return (Boolean) v;
    }

    static String stringField(Map<String, Object> m, String key) throws DerpProtocolException {
        Object v = m.get(key);
        if (v == null || v == FlatJson.NULL) return "";
        if (!(v instanceof String)) throw new DerpProtocolException("JSON field " + key + " is not a string");
        return (String) v;
    }
}
