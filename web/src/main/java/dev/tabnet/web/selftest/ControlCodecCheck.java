package dev.tabnet.web.selftest;

import dev.tabnet.core.http2.ErrorCode;
import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.HpackDecoder;
import dev.tabnet.core.http2.HpackEncoder;
import dev.tabnet.core.http2.Http2Config;
import dev.tabnet.core.http2.Http2Connection;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.json.JsonValue;
import dev.tabnet.core.json.JsonWriter;
import dev.tabnet.core.util.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * The control-plane codecs in this tab's Wasm: HPACK on RFC 7541's C.4 bytes, the HTTP/2 client
 * carrying a 1 MiB response through 64 KiB windows from a scripted server, a connection error, and a
 * MapResponse-sized JSON document written, parsed and written again.
 */
final class ControlCodecCheck {
    /** RFC 7541 Appendix C.4.1-C.4.3 (requests with Huffman coding). */
    private static final String[] C4 = {
        "828684418cf1e3c2e5f23a6ba0ab90f4ff",
        "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
    };

    private ControlCodecCheck() {}

    static void run(SelfTestReport report) throws Exception {
        hpack(report);
        http2(report);
        json(report);
    }

    private static void hpack(SelfTestReport report) throws Exception {
        HpackDecoder dec = new HpackDecoder(4096);
        HpackEncoder enc = new HpackEncoder(4096, true);
        StringBuilder fields = new StringBuilder();
        boolean encoded = true;
        for (String hex : C4) {
            byte[] block = Hex.decode(hex);
            List<HeaderField> list = dec.decode(block, 0, block.length);
            for (HeaderField f : list) fields.append(f.name).append(": ").append(f.value).append('|');
            encoded &= Arrays.equals(block, enc.encode(list));
        }
        report.put("hpackC4", fields.toString());
        report.put("hpackC4Encoded", encoded);
        report.put("hpackTableSize", dec.dynamicTableSize());
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    private static void http2(SelfTestReport report) {
        Http2Config cfg = new Http2Config();
        cfg.initialStreamWindow = 65535;
        cfg.connectionWindow = 65535;
        Http2Connection conn = new Http2Connection(cfg, null);
        conn.takeOutput();
        long[] body = new long[1];
        conn.request("GET", "/machine/map", List.of(), null, true, new Http2StreamListener() {
            @Override
            public void onData(Http2Stream s, byte[] d, int off, int len, boolean end) {
                body[0] += len;
            }
        });
        byte[] settings = frame(4, 0, 0, new byte[0]);
        conn.onBytes(settings, 0, settings.length);
        conn.takeOutput();
        byte[] headers = frame(1, 4, 1, new byte[] {(byte) 0x88});
        conn.onBytes(headers, 0, headers.length);
        byte[] data = frame(0, 0, 1, new byte[16384]);
        int updates = 0;
        for (int i = 0; i < 64; i++) {
            conn.onBytes(data, 0, data.length);
            byte[] out = conn.takeOutput();
            for (int p = 0; p < out.length; p += 9 + ((out[p] & 0xff) << 16 | (out[p + 1] & 0xff) << 8 | (out[p + 2] & 0xff))) {
                if (out[p + 3] == 8) updates++;
            }
        }
        report.put("h2BodyBytes", body[0]);
        report.put("h2WindowUpdates", updates);
        byte[] badPing = frame(6, 0, 0, new byte[7]);
        conn.onBytes(badPing, 0, badPing.length);
        byte[] out = conn.takeOutput();
        report.put("h2ErrorCode", out.length >= 17 && out[3] == 7 ? ErrorCode.name(out[16]) : "no GOAWAY");
    }

    private static void json(SelfTestReport report) {
        byte[] doc = mapResponseDocument(300);
        JsonValue v = JsonReader.parse(doc);
        double start = CoreSelfTest.wallMillis();
        int rounds = 20;
        for (int i = 0; i < rounds; i++) v = JsonReader.parse(doc);
        double ms = Math.max(CoreSelfTest.wallMillis() - start, 0.001);
        byte[] again = v.toUtf8();
        report.put("jsonBytes", doc.length);
        report.put("jsonRoundTrip", Arrays.equals(doc, again));
        report.put("jsonDigest", Long.toHexString(digest(again)));
        report.put("jsonPeerName", v.asObject().getArray("peers").get(299).asObject().getString("name"));
        report.put("jsonSeq", v.asObject().get("Seq").asNumber().text());
        report.putRate("jsonParseMBps", (double) doc.length * rounds / 1e6 / (ms / 1000));
        try {
            JsonReader.parse("{\"a\":1,}");
            report.fail("json: a trailing comma was accepted");
        } catch (JsonException e) {
            report.put("jsonError", e.getMessage());
        }
    }

    /** A MapResponse-shaped document with n peers, written with JsonWriter (deterministic). */
    static byte[] mapResponseDocument(int n) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("KeepAlive").value(false);
        w.name("Node").beginObject().name("ID").value(7023541887219871L).name("Name").value("tab.ts.net.")
            .name("KeyExpiry").value("0001-01-01T00:00:00Z").name("Addresses").beginArray().value("100.64.0.7/32").endArray().endObject();
        w.name("Peers").beginArray();
        for (int i = 0; i < n; i++) {
            w.beginObject().name("ID").value(1000L + i).name("Name").value("peer-" + i + "-zoë-😀.ts.net.")
                .name("Key").value("nodekey:" + Long.toHexString(0x5a1c0b8f1e6f2d7aL * (i + 1)))
                .name("Addresses").beginArray().value("100.64." + (i / 250) + "." + (i % 250 + 1) + "/32").endArray()
                .name("Endpoints").beginArray().value("198.51.100." + (i % 250) + ":41641").value("[2001:db8::" + Integer.toHexString(i) + "]:41641").endArray()
                .name("HomeDERP").value(1 + i % 3).name("Online").value(i % 2 == 0).name("LastSeen").nullValue()
                .name("Hostinfo").beginObject().name("OS").value("linux").name("Hostname").value("host\t\"" + i + "\"").endObject()
                .endObject();
        }
        w.endArray();
        w.name("DERPMap").beginObject().name("Regions").beginObject().name("1").beginObject().name("RegionID").value(1)
            .name("Nodes").beginArray().beginObject().name("HostName").value("derp.example.com").name("STUNPort").value(-1).endObject().endArray()
            .endObject().endObject().endObject();
        w.name("Debug").beginObject().name("SleepSeconds").value(0.0015).endObject();
        w.name("Seq").value(JsonReader.parse("18446744073709551615"));
        return w.endObject().toUtf8();
    }

    /** FNV-1a 64, to show in the report which document was checked. */
    static long digest(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
