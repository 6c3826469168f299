package dev.tabnet.core.control;

import dev.tabnet.core.http2.HeaderField;
import dev.tabnet.core.http2.Http2Stream;
import dev.tabnet.core.http2.Http2StreamListener;
import dev.tabnet.core.json.JsonArray;
import dev.tabnet.core.json.JsonException;
import dev.tabnet.core.json.JsonObject;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A node's conversation with the control server over a {@link ControlConnection}, as Tailscale's
 * controlclient/direct.go has it: {@code POST /machine/register} (with a pre-auth key, or else the
 * server's login URL is shown and a follow-up register waits until someone approves it), then the
 * {@code /machine/map} long poll, whose length-prefixed MapResponses are handed to the listener.
 * Sans-I/O: everything happens inside the connection's calls; time-outs are the caller's.
 */
public final class ControlClient {
    /** What the tab shows and does. All calls come from inside ControlConnection calls. */
    public interface Listener {
        /** Interactive login: show {@code authUrl} (as a QR code) and the code the approver will see. */
        default void onLoginUrl(String authUrl, String matchingCode) {}

        /** The node is registered and authorized; the map stream is being opened. */
        default void onRegistered(JsonObject registerResponse) {}

        /** One MapResponse (keep-alives are not reported). The first carries the whole netmap. */
        void onMapResponse(JsonObject mapResponse);

        /** The conversation ended: refused, an HTTP error, a bad message, or the map stream ended. */
        void onFailed(String reason);
    }

    /** Map messages larger than this are refused (Go's client caps them too). */
    public static final int MAX_MAP_MESSAGE = 16 << 20;
    private static final List<HeaderField> JSON = List.of(new HeaderField("content-type", "application/json"));

    private final ControlConnection conn;
    private final int capVersion;
    private final byte[] nodeKey;
    private final byte[] discoKey;
    private final String hostname;
    private final String authKey;
    private int preferredDerp;
    private final Listener listener;
    private final List<String> sshHostKeys = new java.util.ArrayList<>();
    private boolean mapOpen;
    private boolean failed;
    private Http2Stream mapStream;

    /**
     * @param nodePublicKey the node's WireGuard public key (its identity in the tailnet)
     * @param discoPublicKey the node's disco key (zero if unused)
     * @param authKey a pre-auth key, or null for interactive login
     * @param preferredDerp home relay region to report (0 = none yet)
     */
    public ControlClient(ControlConnection conn, int capVersion, byte[] nodePublicKey, byte[] discoPublicKey, String hostname,
                         String authKey, int preferredDerp, Listener listener) {
        this.conn = conn;
        this.capVersion = capVersion;
        this.nodeKey = nodePublicKey.clone();
        this.discoKey = discoPublicKey.clone();
        this.hostname = hostname;
        this.authKey = authKey;
        this.preferredDerp = preferredDerp;
        this.listener = listener;
    }

    /**
     * Host keys of an sshd on this node ("keytype base64"), reported as Hostinfo.SSH_HostKeys so peers
     * can check them without asking. Call before {@link #start()}.
     */
    public void reportSshHostKeys(List<String> keys) {
        sshHostKeys.clear();
        for (String k : keys) sshHostKeys.add(k.trim());
    }

    /**
     * Reports a new home relay region (NetInfo.PreferredDERP), as Tailscale clients do once netcheck
     * has chosen one: a non-streaming map request with OmitPeers, which only updates the server's
     * record (and so the peers' netmaps). Before the map stream is open the next request carries it.
     */
    public void updatePreferredDerp(int region) {
        if (region == preferredDerp || region <= 0) return;
        preferredDerp = region;
        if (!mapOpen || failed) return;
        JsonObject m = mapRequest();
        m.put("Stream", false);
        m.put("OmitPeers", true);
        conn.request("POST", "/machine/map", JSON, m.toUtf8(), new BodyCollector() {
            @Override
            void onComplete(int status, byte[] body) {
                if (status != 200 && !failed) fail("map update (PreferredDERP " + region + ") answered HTTP " + status + ": " + text(body));
            }
        });
    }

    /** The home relay region last reported (0 = none). */
    public int preferredDerp() {
        return preferredDerp;
    }

    /** Sends the first register request (it may be queued until the Noise handshake is done). */
    public void start() {
        register("");
    }

    /** Stops the map stream (the server then lets an ephemeral node expire). */
    public void stop() {
        failed = true;
        if (mapStream != null) mapStream.cancel();
    }

    // --- register ---

    JsonObject registerRequest(String followup) {
        JsonObject r = new JsonObject();
        r.put("Version", capVersion);
        r.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        r.put("OldNodeKey", KeyText.format(KeyText.NODE_PUBLIC, new byte[32]));
        r.put("NLKey", KeyText.format(KeyText.TAILNET_LOCK_PUBLIC, new byte[32]));
        if (authKey != null && !authKey.isEmpty() && followup.isEmpty()) r.put("Auth", new JsonObject().put("AuthKey", authKey));
        r.put("Expiry", "0001-01-01T00:00:00Z");
        r.put("Followup", followup);
        r.put("Hostinfo", hostinfo());
        r.put("Ephemeral", true); // a tab's node dies with the tab
        return r;
    }

    private JsonObject hostinfo() {
        JsonObject h = new JsonObject().put("Hostname", hostname).put("OS", "js");
        if (preferredDerp > 0) h.put("NetInfo", new JsonObject().put("PreferredDERP", preferredDerp));
        if (!sshHostKeys.isEmpty()) {
            JsonArray keys = new JsonArray();
            for (String k : sshHostKeys) keys.add(k);
            h.put("SSH_HostKeys", keys);
        }
        return h;
    }

    private void register(String followup) {
        conn.request("POST", "/machine/register", JSON, registerRequest(followup).toUtf8(), new BodyCollector() {
            @Override
            void onComplete(int status, byte[] body) {
                onRegisterResponse(status, body);
            }
        });
    }

    private void onRegisterResponse(int status, byte[] body) {
        if (failed) return;
        if (status < 0) {
            fail(text(body));
            return;
        }
        if (status != 200) {
            fail("register answered HTTP " + status + ": " + text(body));
            return;
        }
        JsonObject r = parseObject(body, "register response");
        if (r == null) return;
        String error = r.getString("Error", "");
        if (!error.isEmpty()) {
            fail("registration refused: " + error);
            return;
        }
        if (r.getBoolean("MachineAuthorized", false)) {
            listener.onRegistered(r);
            openMap();
            return;
        }
        String authUrl = r.getString("AuthURL", "");
        if (authUrl.isEmpty()) {
            fail("register response neither authorized the node nor gave a login URL");
            return;
        }
        listener.onLoginUrl(authUrl, LoginMatchingCode.of(authUrl, nodeKey));
        register(authUrl); // long poll until the login is approved (or refused / expired)
    }

    // --- map ---

    JsonObject mapRequest() {
        JsonObject m = new JsonObject();
        m.put("Version", capVersion);
        m.put("KeepAlive", true);
        m.put("NodeKey", KeyText.format(KeyText.NODE_PUBLIC, nodeKey));
        m.put("DiscoKey", KeyText.format(KeyText.DISCO_PUBLIC, discoKey));
        m.put("Stream", true);
        m.put("Hostinfo", hostinfo());
        return m;
    }

    private void openMap() {
        mapOpen = true;
        mapStream = conn.request("POST", "/machine/map", JSON, mapRequest().toUtf8(), new MapListener());
    }

    private final class MapListener implements Http2StreamListener {
        private final MessageSplitter splitter = new MessageSplitter();
        private int status;

        @Override
        public void onHeaders(Http2Stream s, int code, List<HeaderField> headers, boolean endStream) {
            status = code;
        }

        @Override
        public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {
            if (failed) return;
            if (status != 200) {
                splitter.errorBody.append(new String(data, off, len, StandardCharsets.UTF_8));
                return;
            }
            splitter.feed(data, off, len);
            if (splitter.error != null) {
                s.cancel();
                fail(splitter.error);
                return;
            }
            for (byte[] m; (m = splitter.next()) != null; ) {
                JsonObject r = parseObject(m, "map response");
                if (r == null) {
                    s.cancel();
                    return;
                }
                if (r.getBoolean("KeepAlive", false) && r.size() == 1) continue;
                listener.onMapResponse(r);
                if (failed) return;
            }
        }

        @Override
        public void onEnd(Http2Stream s) {
            if (status != 200) fail("map answered HTTP " + status + ": " + splitter.errorBody.toString().trim());
            else fail("map stream ended");
        }

        @Override
        public void onReset(Http2Stream s, int errorCode, boolean refused, String reason) {
            fail("map stream reset: " + reason);
        }
    }

    /** Splits the map body into messages: uint32 little-endian length, then that many bytes. */
    static final class MessageSplitter {
        private byte[] buf = new byte[4096];
        private int len;
        private int pos;
        String error;
        final StringBuilder errorBody = new StringBuilder();

        void feed(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                int live = len - pos;
                byte[] nb = new byte[Math.max(buf.length * 2, live + n)];
                System.arraycopy(buf, pos, nb, 0, live);
                buf = nb;
                len = live;
                pos = 0;
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        /** The next complete message, or null. */
        byte[] next() {
            if (len - pos < 4) return null;
            long n = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
            if (n > MAX_MAP_MESSAGE) {
                error = "map message of " + n + " bytes exceeds " + MAX_MAP_MESSAGE;
                return null;
            }
            if (len - pos - 4 < n) return null;
            byte[] m = new byte[(int) n];
            System.arraycopy(buf, pos + 4, m, 0, m.length);
            pos += 4 + m.length;
            if (pos == len) pos = len = 0;
            return m;
        }
    }

    // --- helpers ---

    private JsonObject parseObject(byte[] body, String what) {
        try {
            JsonValue v = JsonReader.parse(body);
            if (v.type() == JsonValue.Type.OBJECT) return v.asObject();
            fail(what + " is not a JSON object");
        } catch (JsonException e) {
            fail(what + " is not valid JSON: " + e.getMessage());
        }
        return null;
    }

    private void fail(String reason) {
        if (failed) return;
        failed = true;
        listener.onFailed(reason);
    }

    private static String text(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8).trim();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Collects a whole (small) response body. */
    private abstract static class BodyCollector implements Http2StreamListener {
        private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        private int status;

        abstract void onComplete(int status, byte[] body);

        @Override
        public void onHeaders(Http2Stream s, int code, List<HeaderField> headers, boolean endStream) {
            status = code;
        }

        @Override
        public void onData(Http2Stream s, byte[] data, int off, int len, boolean endStream) {
            if (body.size() + len > MAX_MAP_MESSAGE) {
                s.cancel();
                return;
            }
            body.write(data, off, len);
        }

        @Override
        public void onEnd(Http2Stream s) {
            onComplete(status, body.toByteArray());
        }

        @Override
        public void onReset(Http2Stream s, int errorCode, boolean refused, String reason) {
            onComplete(-1, ("request reset: " + reason).getBytes(StandardCharsets.UTF_8));
        }
    }
}
