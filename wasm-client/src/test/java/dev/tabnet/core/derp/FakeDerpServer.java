package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.util.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server half of one DERP connection, built from the core codec, for driving a DerpClient in
 * memory: it sends ServerKey, opens ClientInfo (so the client's box must be right) and answers
 * with ServerInfo; everything else the client writes is collected as frames. Key derivations are
 * memoized across instances (fuzz targets build one per input from the same seeded keys).
 */
final class FakeDerpServer {
    final byte[] privateKey;
    final byte[] publicKey;
    private final Entropy entropy;
    FrameReader reader = FrameReader.withMaxBody(1 << 20);
    final List<Frame> received = new ArrayList<>();
    ClientInfo.Opened login;

    /** Hex(private) to public key, and Hex(private ‖ peer public) to the NaCl box key: pure functions of their keys. */
    private static final Map<String, byte[]> PUBLIC_KEYS = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> BOX_KEYS = new ConcurrentHashMap<>();

    FakeDerpServer(Entropy entropy) {
        this.entropy = entropy;
        this.privateKey = X25519.generatePrivateKey(entropy);
        this.publicKey = PUBLIC_KEYS.computeIfAbsent(Hex.encode(privateKey), k -> X25519.publicKey(privateKey)).clone();
    }

    /** NaclBox.precompute(our private key, peer), computed once per key pair. */
    byte[] boxKey(byte[] peerPublicKey) throws CryptoException {
        String k = Hex.encode(privateKey) + Hex.encode(peerPublicKey);
        byte[] key = BOX_KEYS.get(k);
        if (key == null) {
            key = NaclBox.precompute(privateKey, peerPublicKey);
            BOX_KEYS.put(k, key);
        }
        return key;
    }

    /** A fresh connection: forget the old stream. */
    void reset() {
        reader = FrameReader.withMaxBody(1 << 20);
        login = null;
    }

    byte[] serverKeyFrame() {
        return Frames.serverKey(publicKey);
    }

    /** Consumes what the client wrote; returns ServerInfo bytes when this completed the login. */
    byte[] consume(byte[] clientBytes) throws Exception {
        reader.feed(clientBytes);
        byte[] reply = new byte[0];
        for (Frame f; (f = reader.next()) != null; ) {
            if (login == null) {
                if (f.type != FrameType.CLIENT_INFO) throw new AssertionError("first client frame was " + f);
                login = openClientInfo(f.body);
                reply = Frames.frame(FrameType.SERVER_INFO, new ServerInfo(2, 0, 0).seal(boxKey(login.clientKey.bytes()), entropy));
            } else {
                received.add(f);
            }
        }
        return reply;
    }

    /** ClientInfo.open with the memoized box key for the claimed client key (ClientInfo.open itself when that key is unusable). */
    private ClientInfo.Opened openClientInfo(byte[] body) throws DerpProtocolException {
        if (body.length < DerpConstants.KEY_LEN) return ClientInfo.open(privateKey, body);
        byte[] sharedKey;
        try {
            sharedKey = boxKey(java.util.Arrays.copyOf(body, DerpConstants.KEY_LEN));
        } catch (CryptoException e) {
            return ClientInfo.open(privateKey, body);
        }
        return ClientInfo.openWithSharedKey(sharedKey, body);
    }

    /** Drains the client's output into this server. */
    byte[] pump(DerpClient c) throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] b; (b = c.pollOutgoing()) != null; ) all.write(consume(b));
        return all.toByteArray();
    }
}
