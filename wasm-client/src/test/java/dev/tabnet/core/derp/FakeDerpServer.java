package dev.tabnet.core.derp;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.X25519;
import java.util.ArrayList;
import java.util.List;

/**
 * The server half of one DERP connection, built from the core codec, for driving a DerpClient in
 * memory: it sends ServerKey, opens ClientInfo (so the client's box must be right) and answers
 * with ServerInfo; everything else the client writes is collected as frames.
 */
final class FakeDerpServer {
    final byte[] privateKey;
    final byte[] publicKey;
    private final Entropy entropy;
    FrameReader reader = FrameReader.withMaxBody(1 << 20);
    final List<Frame> received = new ArrayList<>();
    ClientInfo.Opened login;

    FakeDerpServer(Entropy entropy) {
        this.entropy = entropy;
        this.privateKey = X25519.generatePrivateKey(entropy);
        this.publicKey = X25519.publicKey(privateKey);
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
                login = ClientInfo.open(privateKey, f.body);
                reply = Frames.frame(FrameType.SERVER_INFO, new ServerInfo(2, 0, 0).seal(privateKey, login.clientKey.bytes(), entropy));
            } else {
                received.add(f);
            }
        }
        return reply;
    }

    /** Drains the client's output into this server. */
    byte[] pump(DerpClient c) throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] b; (b = c.pollOutgoing()) != null; ) all.write(consume(b));
        return all.toByteArray();
    }
}
