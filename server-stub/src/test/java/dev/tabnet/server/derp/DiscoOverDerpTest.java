package dev.tabnet.server.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.DerpClientListener;
import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.disco.DerpDiscoResponder;
import dev.tabnet.core.disco.DiscoBox;
import dev.tabnet.core.disco.DiscoConstants;
import dev.tabnet.core.disco.DiscoMessage;
import dev.tabnet.core.util.Bytes;
import dev.tabnet.jvm.DerpClientLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer's disco Ping reaches our node through the relay and the Pong comes back the same way. */
class DiscoOverDerpTest {
    @Test
    void discoPingOverTheRelayIsAnsweredFromTheDerpMagicAddress() throws Exception {
        try (RelayHarness h = new RelayHarness(new DerpRelayConfig())) {
            SecureEntropy e = new SecureEntropy();
            DerpDiscoResponder responder = new DerpDiscoResponder(X25519.generatePrivateKey(e), 999, e);
            DerpClientLoop[] node = new DerpClientLoop[1];
            DerpClientListener l = (src, data, now) -> {
                if (!DiscoConstants.looksLikeDiscoWrapper(data)) return; // WireGuard would go to the device
                DerpDiscoResponder.Result r = responder.onDerpPacket(src.bytes(), data);
                if (r != null && r.reply != null) node[0].client().send(src.bytes(), r.reply, now);
            };
            node[0] = h.client(X25519.generatePrivateKey(e), h.webSocket(), l, new DerpClientConfig());
            assertTrue(node[0].awaitLogins(1, Duration.ofSeconds(10)));

            RawDerpSocket peer = h.raw();
            assertNotNull(peer.login());
            DiscoBox peerDisco = new DiscoBox(X25519.generatePrivateKey(e));
            byte[] tx = e.bytes(12);
            byte[] cmm = peerDisco.seal(responder.discoPublicKey(), new DiscoMessage.CallMeMaybe(List.of()).marshal(), e);
            byte[] ping = peerDisco.seal(responder.discoPublicKey(), new DiscoMessage.Ping(tx, peer.publicKey, 0).marshal(), e);
            peer.send(Bytes.concat(Frames.sendPacket(node[0].publicKey(), cmm), Frames.sendPacket(node[0].publicKey(), ping)));

            Frame f = peer.nextOfType(FrameType.RECV_PACKET, Duration.ofSeconds(10));
            assertNotNull(f, "pong");
            assertArrayEquals(node[0].publicKey(), Bytes.slice(f.body, 0, 32), "from our node key");
            DiscoBox.Opened o = peerDisco.open(Bytes.slice(f.body, 32, f.body.length - 32));
            assertArrayEquals(responder.discoPublicKey(), o.senderDiscoKey);
            DiscoMessage.Pong pong = (DiscoMessage.Pong) DiscoMessage.parse(o.plaintext);
            assertArrayEquals(tx, pong.txId);
            assertArrayEquals(DiscoConstants.v4Mapped(new byte[] {127, 3, 3, 40}), pong.ip16);
            assertEquals(999, pong.port);
            assertEquals(1, node[0].call(responder::callMeMaybeIgnored));
            assertEquals(1, node[0].call(responder::pingsAnswered));
        }
    }
}
