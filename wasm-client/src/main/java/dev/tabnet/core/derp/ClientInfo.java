package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.json.JsonValue;
import dev.tabnet.core.json.JsonWriter;
import java.nio.charset.StandardCharsets;

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
        JsonWriter w = new JsonWriter().beginObject();
        if (meshKey != null && !Bytes.isZero(meshKey)) w.name("meshKey").value(Hex.encode(meshKey));
        if (version != 0) w.name("version").value(version);
        w.name("CanAckPings").value(canAckPings);
        if (isProber) w.name("IsProber").value(true);
        if (!appName.isEmpty()) w.name("AppName").value(appName);
        return w.endObject().toString();
    }

    /** Go's decoder rules: names match case-insensitively, unknown members are ignored. */
    public static ClientInfo parseJson(byte[] utf8) throws DerpProtocolException {
        JsonObject m = object(utf8);
        byte[] mesh = null;
        JsonValue mk = m.getIgnoreCase("meshKey");
        if (mk != null && !mk.isNull()) {
            if (mk.type() != JsonValue.Type.STRING || mk.asString().length() != 64) throw new DerpProtocolException("invalid mesh key");
            try {
                mesh = Hex.decode(mk.asString());
            } catch (IllegalArgumentException e) {
                throw new DerpProtocolException("invalid mesh key");
            }
        }
        try {
            return new ClientInfo(mesh, (int) m.getLong("version", 0), m.getBoolean("CanAckPings", false),
                    m.getBoolean("IsProber", false), m.getString("AppName", ""));
        } catch (JsonException | ClassCastException | ArithmeticException e) {
            throw new DerpProtocolException("invalid JSON: " + e.getMessage());
        }
    }

    public static ClientInfo parseJson(String json) throws DerpProtocolException {
        return parseJson(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON text as one object, or a DerpProtocolException saying why not. */
    static JsonObject object(byte[] utf8) throws DerpProtocolException {
        try {
            JsonValue v = JsonReader.parse(utf8);
            if (v.type() != JsonValue.Type.OBJECT) throw new DerpProtocolException("invalid JSON: not an object");
            return v.asObject();
        } catch (JsonException e) {
            throw new DerpProtocolException("invalid JSON: " + e.getMessage());
        }
    }

    /** The frame body: our public key ‖ nonce ‖ box(JSON). */
    public byte[] seal(byte[] clientPrivateKey, byte[] clientPublicKey, byte[] serverPublicKey, Entropy entropy) throws CryptoException {
        return seal(NaclBox.precompute(clientPrivateKey, serverPublicKey), clientPublicKey, entropy);
    }

    /** As above with the box key NaclBox.precompute(client private, server public) already at hand. */
    public byte[] seal(byte[] sharedKey, byte[] clientPublicKey, Entropy entropy) throws CryptoException {
        byte[] nonce = entropy.bytes(NaclBox.NONCE_SIZE);
        byte[] box = NaclBox.seal(sharedKey, nonce, toJson().getBytes(StandardCharsets.UTF_8));
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
        byte[] sharedKey;
        try {
            sharedKey = NaclBox.precompute(serverPrivateKey, clientKey);
        } catch (CryptoException e) {
            throw new DerpProtocolException("client info box does not open with the claimed key " + NodeKey.of(clientKey) + ": " + e.getMessage());
        }
        return openWithSharedKey(sharedKey, body);
    }

    /**
     * As {@link #open} for a server that already has the box key NaclBox.precompute(server private,
     * claimed client key) for the key in the first 32 octets of body (e.g. cached per client key).
     */
    static Opened openWithSharedKey(byte[] sharedKey, byte[] body) throws DerpProtocolException {
        if (body.length < DerpConstants.CLIENT_INFO_MIN_LEN) throw new DerpProtocolException("short client info");
        if (body.length > DerpConstants.CLIENT_INFO_MAX_LEN) throw new DerpProtocolException("long client info");
        byte[] clientKey = Bytes.slice(body, 0, DerpConstants.KEY_LEN);
        byte[] nonce = Bytes.slice(body, DerpConstants.KEY_LEN, DerpConstants.NONCE_LEN);
        int boxOff = DerpConstants.KEY_LEN + DerpConstants.NONCE_LEN;
        byte[] json;
        try {
            json = NaclBox.open(sharedKey, nonce, body, boxOff, body.length - boxOff);
        } catch (CryptoException e) {
            throw new DerpProtocolException("client info box does not open with the claimed key " + NodeKey.of(clientKey) + ": " + e.getMessage());
        }
        return new Opened(NodeKey.of(clientKey), parseJson(json));
    }
}
