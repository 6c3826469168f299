package dev.tabnet.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.util.Bytes;
import dev.tabnet.core.util.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ts2021 early payload peek (control/ts2021/conn.go): strip it if present, pass HTTP/2 through otherwise. */
class EarlyPayloadTest {
    private static final byte[] JSON = "{\"nodeKeyChallenge\":\"chalpub:0000000000000000000000000000000000000000000000000000000000000000\"}"
            .getBytes(StandardCharsets.UTF_8);
    // RFC 9113 §6.5: an empty SETTINGS frame header (length 0, type 4, flags 0, stream 0).
    private static final byte[] SETTINGS = Hex.decode("000000 04 00 00000000");

    @Test
    void encodedHeaderIsMagicAndBigEndianLength() {
        byte[] e = EarlyPayload.encode(JSON);
        assertEquals("ffffff5453", Hex.encode(e, 0, 5));
        assertEquals(JSON.length, Bytes.u32be(e, 5));
    }

    @Test
    void payloadIsStrippedWhateverTheChunking() {
        byte[] stream = Bytes.concat(EarlyPayload.encode(JSON), SETTINGS, "rest".getBytes(StandardCharsets.UTF_8));
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            EarlyPayload.Filter f = new EarlyPayload.Filter();
            ByteArrayOutputStream passed = new ByteArrayOutputStream();
            for (int off = 0; off < stream.length; off += chunk) {
                passed.writeBytes(f.feed(stream, off, Math.min(chunk, stream.length - off)));
            }
            assertArrayEquals(JSON, f.payload(), "chunk " + chunk);
            assertArrayEquals(Bytes.concat(SETTINGS, "rest".getBytes(StandardCharsets.UTF_8)), passed.toByteArray(), "chunk " + chunk);
        }
    }

    @Test
    void plainHttp2PassesThroughUnchangedOnceNineBytesAreSeen() {
        EarlyPayload.Filter f = new EarlyPayload.Filter();
        byte[] s = Bytes.concat(SETTINGS, new byte[] {1, 2});
        assertEquals(0, f.feed(s, 0, 8).length, "8 bytes cannot tell HTTP/2 from the magic");
        assertFalse(f.decided());
        assertArrayEquals(Bytes.slice(s, 0, 10), f.feed(s, 8, 2), "held bytes come out with the next ones");
        assertTrue(f.decided());
        assertNull(f.payload());
        assertArrayEquals(new byte[] {2}, f.feed(s, 10, 1));
    }

    @Test
    void oversizedPayloadIsAnError() {
        byte[] h = Bytes.concat(EarlyPayload.MAGIC, new byte[] {0x7f, 0, 0, 0});
        EarlyPayload.Filter f = new EarlyPayload.Filter();
        assertEquals(0, f.feed(h, 0, h.length).length);
        assertTrue(f.error().contains("exceeds"), f.error());
        assertEquals(0, f.feed(SETTINGS, 0, SETTINGS.length).length);
    }
}
