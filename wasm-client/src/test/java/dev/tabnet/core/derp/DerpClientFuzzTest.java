package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.crypto.NaclBox;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.FuzzInput;
import dev.tabnet.core.testutil.SeededEntropy;
import java.io.ByteArrayOutputStream;

/**
 * The DERP frame codec and client state machine fed a fuzzed server byte stream, fuzzed well-framed
 * server frames, application sends and clock jumps, with an in-memory server half built from the
 * codec ({@link FakeDerpServer}) that redials and logs in whenever the client asks. Contract: no
 * exception escapes the client and none is swallowed as an internal error; the frame reader
 * returns exactly the frames a stream contains (re-serializing them gives back the consumed bytes)
 * or fails with {@link DerpProtocolException} on an over-long header only; the client's output
 * chunks respect maxChunkBytes and always form a valid stream a server accepts (ClientInfo first,
 * box opened with the client's key); timers never stay due.
 *
 * <p>Input layout: byte 0 = options (bit 0: no automatic login, the fuzzed bytes are the greeting; bit 1: small queue and
 * 100-byte chunks); then operations: 0 raw server bytes (16-bit length), 1 send a packet, 2 advance
 * the clock (16-bit seconds), 3 transport closed, 4 ping, 5 notePreferred, 6 one well-framed server
 * frame (type byte, 16-bit length body), 8 a ServerInfo sealed by the server half around fuzzed JSON
 * (16-bit length), anything else drains the client's output.
 */
class DerpClientFuzzTest {
    private static final SeededEntropy KEYS = new SeededEntropy(5);
    private static final byte[] CLIENT_PRIV = X25519.generatePrivateKey(KEYS);
    private static final byte[] CLIENT_PUB = X25519.publicKey(CLIENT_PRIV);
    private static final byte[] PEER = X25519.publicKey(X25519.generatePrivateKey(KEYS));

    @FuzzTest
    void serverStream(byte[] data) throws Exception {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        new Run(options).go(in);
    }

    private static final class Run implements DerpClientListener {
        final SeededEntropy entropy = new SeededEntropy(9);
        final FakeDerpServer server = new FakeDerpServer(entropy);
        final DerpClientConfig config = new DerpClientConfig();
        final DerpClient client;
        final FrameReader mirror = FrameReader.withMaxBody(DerpConstants.CLIENT_MAX_FRAME_LEN);
        final ByteArrayOutputStream fed = new ByteArrayOutputStream();
        long now = 1_000_000_000L;
        long id;
        byte[] lastRecvFrameBody;

        Run(int options) {
            if ((options & 2) != 0) {
                config.maxQueuedPackets = 3;
                config.maxChunkBytes = 100;
            }
            client = new DerpClient(CLIENT_PRIV, entropy, config, this);
            autoLogin = (options & 1) == 0;
        }

        final boolean autoLogin;

        void go(FuzzInput in) throws Exception {
            settle();
            for (int n = 0; in.more() && n < 500; n++) {
                switch (in.u8() & 15) {
                    case 0: fromServer(in.bytes(in.u16())); break;
                    case 1: {
                        byte[] p = in.bytes(in.u16() % 2000);
                        client.send(PEER, p, now);
                        break;
                    }
                    case 2: now += in.u16() * 1_000_000_000L; break;
                    case 3: client.onTransportClosed(id, "fuzz", now); break;
                    case 4: client.sendPing(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) n}); break;
                    case 5: client.notePreferred(in.bool()); break;
                    case 6: {
                        int type = in.u8();
                        fromServer(Frames.frame(type, in.bytes(in.u16())));
                        break;
                    }
                    case 8: fromServer(Frames.frame(FrameType.SERVER_INFO, sealedServerInfo(in.bytes(in.u16())))); break;
                    default: drain(); break;
                }
                settle();
            }
        }

        private byte[] sharedKey;

        /** A ServerInfo body with the given JSON, sealed as the server half would (reaches the JSON parsing). */
        byte[] sealedServerInfo(byte[] json) throws Exception {
            if (sharedKey == null) sharedKey = server.boxKey(CLIENT_PUB);
            byte[] nonce = entropy.bytes(NaclBox.NONCE_SIZE);
            return dev.tabnet.core.util.Bytes.concat(nonce, NaclBox.seal(sharedKey, nonce, json));
        }

        /** Bytes from the server on the current transport; mirrored through a second reader to check the codec. */
        void fromServer(byte[] b) {
            client.onTransportData(id, b, now);
            assertEquals(0, client.internalErrors(), "internal error: " + client.lastError());
            assertFalse(client.lastError().startsWith("internal error"), client.lastError());
            mirror(b);
        }

        private void mirror(byte[] b) {
            mirror.feed(b);
            fed.write(b, 0, b.length);
            ByteArrayOutputStream reframed = new ByteArrayOutputStream();
            try {
                for (Frame f; (f = mirror.next()) != null; ) {
                    byte[] again = Frames.frame(f.type, f.body);
                    reframed.write(again, 0, again.length);
                }
            } catch (DerpProtocolException e) {
                byte[] all = fed.toByteArray();
                int head = all.length - mirror.buffered();
                assertTrue(mirror.buffered() >= DerpConstants.FRAME_HEADER_LEN, "threw without a whole header");
                long len = dev.tabnet.core.util.Bytes.u32be(all, head + 1);
                assertTrue(len > DerpConstants.CLIENT_MAX_FRAME_LEN, "rejected a frame within the limit: " + e.getMessage());
                mirror.clear();
                fed.reset();
                return;
            }
            byte[] all = fed.toByteArray();
            int consumed = all.length - mirror.buffered();
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, consumed), reframed.toByteArray(), "frames do not re-serialize to the stream");
            fed.reset();
            fed.write(all, consumed, all.length - consumed);
        }

        /** What a driver does: timers, dials, the server half's login answers, draining. */
        void settle() throws Exception {
            for (int i = 0; ; i++) {
                assertTrue(i < 100, "client never settles in state " + client.state());
                long closing = client.pollCloseTransport();
                if (closing != 0) assertTrue(client.state() != DerpClient.State.READY, "asked to close the transport while ready");
                long dial = client.pollDial(now);
                if (dial != 0) {
                    id = dial;
                    server.reset();
                    mirror.clear();
                    fed.reset();
                    client.onTransportOpen(id, now);
                    if (autoLogin) {
                        fromServer(server.serverKeyFrame());
                        drain();
                    }
                    continue;
                }
                if (client.nextDeadline() <= now) {
                    client.onTimer(now);
                    continue;
                }
                break;
            }
        }

        void drain() throws Exception {
            for (byte[] chunk; (chunk = client.pollOutgoing()) != null; ) {
                assertTrue(chunk.length > 0 && chunk.length <= config.maxChunkBytes, "chunk of " + chunk.length);
                if (client.serverKey() != null && java.util.Arrays.equals(client.serverKey(), server.publicKey)) {
                    byte[] reply = server.consume(chunk); // throws if the stream is not what a server accepts
                    if (reply.length > 0) fromServer(reply);
                } else {
                    // A greeting with someone else's key (fuzzed): our half cannot open the box, but the framing must hold.
                    server.reader.feed(chunk);
                    while (server.reader.next() != null) { }
                }
            }
        }

        @Override
        public void onPacket(NodeKey source, byte[] packet, long nowNanos) {
            assertEquals(32, source.bytes().length);
            assertTrue(packet.length <= DerpConstants.CLIENT_MAX_FRAME_LEN - 32);
        }
    }
}
