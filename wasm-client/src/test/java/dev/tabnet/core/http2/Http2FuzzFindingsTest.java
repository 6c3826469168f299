package dev.tabnet.core.http2;

import static dev.tabnet.core.http2.ScriptedPeer.frame;
import static dev.tabnet.core.http2.ScriptedPeer.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Regressions for findings of Http2ConnectionFuzzTest, each reduced to the frames that matter. */
class Http2FuzzFindingsTest {

    private static Http2Connection startedWithOneStream() {
        Http2Connection c = new Http2Connection(new Http2Config(), null);
        c.request("GET", "/", List.of(), null, true, null); // stream 1
        c.takeOutput();
        byte[] s = settings();
        c.onBytes(s, 0, s.length);
        c.takeOutput();
        return c;
    }

    /**
     * A PRIORITY frame of the wrong length is a stream error (RFC 9113 §6.3), but RST_STREAM must not be
     * sent on an idle stream (§6.4). The fuzzer found us answering RST_STREAM on stream 1114112, which
     * the server never could have opened; now that is a connection error.
     */
    @Test
    void badPriorityOnIdleStreamIsAConnectionErrorNotRstStream() {
        Http2Connection c = startedWithOneStream();
        byte[] f = frame(FrameType.PRIORITY, 0, 1114112, new byte[4]);
        c.onBytes(f, 0, f.length);
        assertTrue(c.isClosed());
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, c.closeCode());
        List<ScriptedPeer.Frame> out = ScriptedPeer.parse(c.takeOutput());
        for (ScriptedPeer.Frame fr : out) assertTrue(fr.type != FrameType.RST_STREAM, "RST_STREAM sent: " + out);
        assertEquals(FrameType.GOAWAY, out.get(out.size() - 1).type);
    }

    /** On a stream we opened and that is now closed, the same frame still just resets that stream. */
    @Test
    void badPriorityOnClosedStreamResetsOnlyThatStream() {
        Http2Connection c = startedWithOneStream();
        byte[] resp = frame(FrameType.HEADERS, FrameType.FLAG_END_HEADERS | FrameType.FLAG_END_STREAM, 1, ScriptedPeer.STATUS_200);
        c.onBytes(resp, 0, resp.length);
        c.takeOutput();
        byte[] f = frame(FrameType.PRIORITY, 0, 1, new byte[4]);
        c.onBytes(f, 0, f.length);
        assertTrue(!c.isClosed());
        List<ScriptedPeer.Frame> out = ScriptedPeer.parse(c.takeOutput());
        assertEquals(1, out.size(), out.toString());
        assertEquals(FrameType.RST_STREAM, out.get(0).type);
        assertEquals(1, out.get(0).streamId);
        assertEquals(ErrorCode.FRAME_SIZE_ERROR, out.get(0).u32(0));
    }
}
