package dev.tabnet.core.http2;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side frame builder and parser, written independently of FrameWriter/FrameReader (straight
 * from the RFC 9113 §4.1 layout), to script a server byte by byte and inspect what the client sent.
 */
final class ScriptedPeer {
    static final class Frame {
        final int type, flags, streamId;
        final byte[] payload;

        Frame(int type, int flags, int streamId, byte[] payload) {
            this.type = type;
            this.flags = flags;
            this.streamId = streamId;
            this.payload = payload;
        }

        int u32(int off) {
            return (payload[off] & 0xff) << 24 | (payload[off + 1] & 0xff) << 16 | (payload[off + 2] & 0xff) << 8 | (payload[off + 3] & 0xff);
        }

        @Override
        public String toString() {
            return FrameType.name(type) + "(flags=0x" + Integer.toHexString(flags) + ", stream=" + streamId + ", len=" + payload.length + ")";
        }
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (streamId >>> 24);
        f[6] = (byte) (streamId >>> 16);
        f[7] = (byte) (streamId >>> 8);
        f[8] = (byte) streamId;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] settings(int... idValue) {
        byte[] p = new byte[idValue.length / 2 * 6];
        for (int i = 0, o = 0; i < idValue.length; i += 2, o += 6) {
            p[o] = (byte) (idValue[i] >>> 8);
            p[o + 1] = (byte) idValue[i];
            System.arraycopy(u32(idValue[i + 1] & 0xffffffffL), 0, p, o + 2, 4);
        }
        return frame(FrameType.SETTINGS, 0, 0, p);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.write(p, 0, p.length);
        return b.toByteArray();
    }

    /** HPACK "literal without indexing, new name" (RFC 7541 §6.2.2), no Huffman. */
    static byte[] literal(String name, String value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(name.length());
        b.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.write(value.length());
        b.writeBytes(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    static final byte[] STATUS_200 = {(byte) 0x88}; // static index 8
    static final byte[] STATUS_404 = {(byte) 0x8d}; // static index 13

    /** Splits the client's output (after the 24-byte preface if present) into frames. */
    static List<Frame> parse(byte[] out) {
        List<Frame> frames = new ArrayList<>();
        int pos = 0;
        if (out.length >= 24 && out[0] == 'P' && out[1] == 'R' && out[2] == 'I') pos = 24;
        while (pos < out.length) {
            int len = (out[pos] & 0xff) << 16 | (out[pos + 1] & 0xff) << 8 | (out[pos + 2] & 0xff);
            int sid = (out[pos + 5] & 0x7f) << 24 | (out[pos + 6] & 0xff) << 16 | (out[pos + 7] & 0xff) << 8 | (out[pos + 8] & 0xff);
            byte[] p = new byte[len];
            System.arraycopy(out, pos + 9, p, 0, len);
            frames.add(new Frame(out[pos + 3] & 0xff, out[pos + 4] & 0xff, sid, p));
            pos += 9 + len;
        }
        return frames;
    }
}
