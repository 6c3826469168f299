package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * The ServerInfo frame: 24-byte nonce ‖ NaCl box (server key → client key) of JSON such as
 * {"version":2}. Non-zero token-bucket fields ask the client to rate-limit its sends.
 */
public final class ServerInfo {
    public final int version;
    public final int tokenBucketBytesPerSecond;
    public final int tokenBucketBytesBurst;

    public ServerInfo(int version, int tokenBucketBytesPerSecond, int tokenBucketBytesBurst) {
        this.version = version;
        this.tokenBucketBytesPerSecond = tokenBucketBytesPerSecond;
        this.tokenBucketBytesBurst = tokenBucketBytesBurst;
    }

    public String toJson() {
        JsonWriter w = new JsonWriter().beginObject();
        if (version != 0) w.name("version").value(version);
        if (tokenBucketBytesPerSecond != 0) w.name("TokenBucketBytesPerSecond").value(tokenBucketBytesPerSecond);
        if (tokenBucketBytesBurst != 0) w.name("TokenBucketBytesBurst").value(tokenBucketBytesBurst);
        return w.endObject().toString();
    }

    public static ServerInfo parseJson(byte[] utf8) throws DerpProtocolException {
        JsonObject m = ClientInfo.object(utf8);
        try {
            return new ServerInfo((int) m.getLong("version", 0), nonNegativeInt(m, "TokenBucketBytesPerSecond"),
                    nonNegativeInt(m, "TokenBucketBytesBurst"));
        } catch (JsonException | ClassCastException | ArithmeticException e) {
            throw new DerpProtocolException("invalid JSON: " + e.getMessage());
        }
    }

    /** A send limit cannot be negative or beyond an int; a server saying so is broken, not obeyed. */
    private static int nonNegativeInt(JsonObject m, String name) throws DerpProtocolException {
        long v = m.getLong(name, 0);
        if (v < 0 || v > Integer.MAX_VALUE) throw new DerpProtocolException("ServerInfo " + name + " out of range: " + v);
        return (int) v;
    }

    public static ServerInfo parseJson(String json) throws DerpProtocolException {
        return parseJson(json.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] seal(byte[] serverPrivateKey, byte[] clientPublicKey, Entropy entropy) throws CryptoException {
        return seal(NaclBox.precompute(serverPrivateKey, clientPublicKey), entropy);
    }

    /** As above with the box key NaclBox.precompute(server private, client public) already at hand. */
    public byte[] seal(byte[] sharedKey, Entropy entropy) throws CryptoException {
        byte[] nonce = entropy.bytes(NaclBox.NONCE_SIZE);
        byte[] box = NaclBox.seal(sharedKey, nonce, toJson().getBytes(StandardCharsets.UTF_8));
        return Bytes.concat(nonce, box);
    }

    /** Client side: opens the box sealed by the server key announced in ServerKey. */
    public static ServerInfo open(byte[] sharedKey, byte[] body) throws DerpProtocolException {
        if (body.length < DerpConstants.NONCE_LEN) throw new DerpProtocolException("short serverInfo frame");
        if (body.length > DerpConstants.NONCE_LEN + DerpConstants.MAX_INFO_LEN) throw new DerpProtocolException("long serverInfo frame");
        byte[] nonce = Bytes.slice(body, 0, DerpConstants.NONCE_LEN);
        byte[] json;
        try {
            json = NaclBox.open(sharedKey, nonce, body, DerpConstants.NONCE_LEN, body.length - DerpConstants.NONCE_LEN);
        } catch (CryptoException e) {
            throw new DerpProtocolException("failed to open naclbox from server key: " + e.getMessage());
        }
        return parseJson(json);
    }
}
