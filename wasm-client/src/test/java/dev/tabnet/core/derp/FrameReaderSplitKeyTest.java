package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tabnet.core.util.Bytes;
import org.junit.jupiter.api.Test;

/** FrameReader.splitKeyOf: a keyed packet frame comes out as its key and the packet after it. */
class FrameReaderSplitKeyTest {
    private static byte[] key(int seed) {
        byte[] k = new byte[DerpConstants.KEY_LEN];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (seed + i);
        return k;
    }

    @Test
    void theSplitTypeComesAsKeyAndPacketOtherTypesWhole() throws Exception {
        FrameReader r = FrameReader.withMaxBody(1 << 16);
        r.splitKeyOf(FrameType.RECV_PACKET);
        byte[] packet = {1, 2, 3, 4, 5};
        byte[] ping = {9, 8, 7, 6, 5, 4, 3, 2};
        r.feed(Bytes.concat(Frames.recvPacket(key(40), packet), Frames.ping(ping), Frames.sendPacket(key(7), packet)));

        Frame recv = r.next();
        assertEquals(FrameType.RECV_PACKET, recv.type);
        assertEquals(NodeKey.of(key(40)), recv.key);
        assertArrayEquals(packet, recv.body);
        assertEquals(DerpConstants.KEY_LEN + packet.length, recv.wireBodyLength());

        Frame p = r.next();
        assertNull(p.key, "a ping is not split");
        assertArrayEquals(ping, p.body);

        Frame send = r.next();
        assertNull(send.key, "only the type asked for is split");
        assertArrayEquals(Bytes.concat(key(7), packet), send.body);
        assertNull(r.next());
    }

    @Test
    void aBodyShorterThanAKeyStaysWholeWithoutAKey() throws Exception {
        FrameReader r = FrameReader.withMaxBody(1 << 16);
        r.splitKeyOf(FrameType.SEND_PACKET);
        byte[] shortBody = new byte[DerpConstants.KEY_LEN - 1];
        r.feed(Frames.frame(FrameType.SEND_PACKET, shortBody));
        Frame f = r.next();
        assertNull(f.key, "the reader's user reports the short frame");
        assertEquals(shortBody.length, f.body.length);
        assertEquals(shortBody.length, f.wireBodyLength());
    }

    @Test
    void aKeyOnlyFrameHasAnEmptyPacketAndFramesSplitAcrossFeedsReassemble() throws Exception {
        FrameReader r = FrameReader.withMaxBody(1 << 16);
        r.splitKeyOf(FrameType.RECV_PACKET);
        byte[] stream = Bytes.concat(Frames.recvPacket(key(1), new byte[0]), Frames.recvPacket(key(2), Bytes.slice(key(99), 0, 20)));
        for (byte b : stream) r.feed(new byte[] {b}); // one byte at a time, as a stream may arrive
        Frame empty = r.next();
        assertEquals(NodeKey.of(key(1)), empty.key);
        assertEquals(0, empty.body.length);
        Frame second = r.next();
        assertEquals(NodeKey.of(key(2)), second.key);
        assertArrayEquals(Bytes.slice(key(99), 0, 20), second.body);
    }
}
